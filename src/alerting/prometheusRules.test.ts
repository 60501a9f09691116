/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { compileMetricDetection } from '../compiler/promql/compile';
import { METRIC_DETECTIONS } from '../detections/catalog';
import { DEFAULT_SETTINGS, metricSelectors } from '../settings';
import { PENDING_PERIOD, detectionAnnotations, detectionLabels } from './metadata';
import { PROMETHEUS_RULE_GROUP, buildPrometheusRuleFile, prometheusAlertName } from './prometheusRules';
import { buildHealthRules } from './healthRules';

/** The health rules that run on Prometheus and so are in the Prometheus rule file. */
const PROMETHEUS_HEALTH_RULES = buildHealthRules(DEFAULT_SETTINGS, 'https://grafana.example.com').filter((rule) => rule.datasource === 'prometheus').length;

/** Debian's prometheus package installs promtool 2.42 as /usr/bin/promtool. */
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const GRAFANA_URL = 'https://grafana.example.com/';

interface RuleFile {
  groups: Array<{ name: string; interval: string; rules: Array<Record<string, unknown>> }>;
}

function build(settings = DEFAULT_SETTINGS): RuleFile {
  return parse(buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings })) as RuleFile;
}

test('alert names are readable metric names', () => {
  expect(prometheusAlertName('container-without-pod')).toBe('CordonContainerWithoutPod');
  expect(prometheusAlertName('k8s-privileged-container')).toBe('CordonK8sPrivilegedContainer');
});

test('one group holds every metric detection, another the telemetry checks', () => {
  const file = build();
  expect(file.groups.map((group) => group.name)).toEqual([PROMETHEUS_RULE_GROUP, 'cordon-health']);
  expect(file.groups[1].rules.map((rule) => rule.alert)).toEqual(['CordonTelemetryMissingCadvisor', 'CordonTelemetryMissingKubeStateMetrics', 'CordonTelemetryMissingAuditWrites']);
  expect(file.groups[0].rules.map((rule) => rule.alert)).toEqual(METRIC_DETECTIONS.map((detection) => prometheusAlertName(detection.id)));
});

test.each(METRIC_DETECTIONS.map((detection) => [detection.id, detection] as const))('rule of %s', (_id, detection) => {
  const rule = build().groups[0].rules.find((candidate) => candidate.alert === prometheusAlertName(detection.id));
  expect(rule?.expr).toBe(compileMetricDetection(detection, metricSelectors(DEFAULT_SETTINGS)).query);
  expect(rule?.for).toBe(PENDING_PERIOD[detection.severity]);
  expect(rule?.labels).toEqual(detectionLabels(detection));
  expect(rule?.annotations).toEqual(detectionAnnotations(detection, 'https://grafana.example.com', detection.groupBy));
});

test('settings reach the queries', () => {
  const settings = { ...DEFAULT_SETTINGS, cadvisorMatchers: 'job="kubelet"', tuning: { 'container-without-pod': { trustedNames: ['kube-proxy'] } } };
  const rule = build(settings).groups[0].rules.find((candidate) => candidate.alert === 'CordonContainerWithoutPod');
  expect(rule?.expr).toContain('name!~"kube-proxy"');
  expect(rule?.expr).toContain('job="kubelet"');
});

test('invalid tuning is reported in the header', () => {
  const settings = { ...DEFAULT_SETTINGS, tuning: { 'container-egress-above-baseline': { factor: 'three' } } };
  const text = buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings });
  expect(text).toMatch(/^# Skipped container-egress-above-baseline: .*must be a number/m);
});

test('missing Grafana URL is rejected', () => {
  expect(() => buildPrometheusRuleFile({ grafanaUrl: '', settings: DEFAULT_SETTINGS })).toThrow(/--grafana-url/);
});

describe('promtool check rules', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cordon-rules-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test.each([
    ['default settings', DEFAULT_SETTINGS],
    ['hostile tuning', { ...DEFAULT_SETTINGS, tuning: Object.fromEntries(METRIC_DETECTIONS.map((detection) => [detection.id, hostileLists(detection.tuning)])) }],
  ])('accepts the file with %s', (name, settings) => {
    const file = path.join(folder, `${name.replace(/ /g, '-')}.yml`);
    writeFileSync(file, buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings }));
    const result = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
    if (result.error) {
      throw new Error(`Could not run ${PROMTOOL} (${result.error.message}); install Debian's prometheus package or set PROMTOOL.`);
    }
    expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${METRIC_DETECTIONS.length + PROMETHEUS_HEALTH_RULES} rules found`);
    expect(result.status).toBe(0);
  });
});

function hostileLists(tuning: (typeof METRIC_DETECTIONS)[number]['tuning']) {
  return Object.fromEntries(tuning.filter((parameter) => parameter.kind === 'list').map((parameter) => [parameter.name, ['"}', '\\', 'a|b)', 'line\nbreak']]));
}
