/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildPrometheusRuleFile, prometheusAlertName } from '../../src/alerting/prometheusRules';
import { METRIC_DETECTIONS } from '../../src/detections/catalog';
import { METRIC_SCENARIOS } from '../../src/emulation/metricScenarios';
import { buildPromtoolTestFile } from '../../src/emulation/promtoolTests';
import { DEFAULT_SETTINGS } from '../../src/settings';

/** Debian's prometheus package installs promtool 2.42 as /usr/bin/promtool. */
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const GRAFANA_URL = 'https://grafana.example.com';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'cordon-promtool-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

test('every metric detection has scenarios', () => {
  const covered = METRIC_SCENARIOS.map((set) => set.detectionId).sort();
  expect(covered).toEqual(METRIC_DETECTIONS.map((detection) => detection.id).sort());
});

describe.each(METRIC_SCENARIOS.map((set) => [set.detectionId, set] as const))('%s', (detectionId, set) => {
  test('has an attack and a benign twin', () => {
    expect(set.scenarios.some((scenario) => scenario.expect === 'fire')).toBe(true);
    expect(set.scenarios.some((scenario) => scenario.expect === 'silent')).toBe(true);
  });

  test('promtool test rules passes', () => {
    const detection = METRIC_DETECTIONS.find((candidate) => candidate.id === detectionId);
    if (!detection) {
      throw new Error(`Scenarios name the detection ${detectionId}, which is not in the catalog.`);
    }
    const settings = { ...DEFAULT_SETTINGS, tuning: { [detectionId]: set.tuning } };
    const ruleFile = `${detectionId}.rules.yml`;
    const testFile = path.join(folder, `${detectionId}.test.yml`);
    writeFileSync(path.join(folder, ruleFile), buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings, detections: [detection] }));
    writeFileSync(testFile, buildPromtoolTestFile({ detection, set, alertName: prometheusAlertName(detectionId), ruleFile, grafanaUrl: GRAFANA_URL }));

    const result = spawnSync(PROMTOOL, ['test', 'rules', testFile], { encoding: 'utf8', timeout: 120_000 });
    if (result.error) {
      throw new Error(`Could not run ${PROMTOOL} (${result.error.message}); install Debian's prometheus package or set PROMTOOL.`);
    }
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  }, 180_000);
});
