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
import { parse, stringify } from 'yaml';

/** Debian's prometheus package installs promtool 2.42 as /usr/bin/promtool. */
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const GRAFANA_URL = 'https://grafana.example.com';

let folder: string;

/** Runs `promtool test rules` on a test file and expects every test in it to pass. */
function expectPromtoolTestsPass(testFile: string): void {
  const result = spawnSync(PROMTOOL, ['test', 'rules', testFile], { encoding: 'utf8', timeout: 120_000 });
  if (result.error) {
    throw new Error(`Could not run ${PROMTOOL} (${result.error.message}); install Debian's prometheus package or set PROMTOOL.`);
  }
  expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
  expect(result.status).toBe(0);
}

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

    expectPromtoolTestsPass(testFile);
  }, 180_000);
});

describe('telemetry health rules', () => {
  test('audit write failures and absent series fire', () => {
    const ruleFile = 'health.rules.yml';
    const text = buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings: DEFAULT_SETTINGS });
    writeFileSync(path.join(folder, ruleFile), text);

    const health = (parse(text) as { groups: Array<{ name: string; rules: Array<{ alert: string; labels: object; annotations: Record<string, string> }> }> }).groups.find(
      (group) => group.name === 'cordon-health'
    )!;
    const rule = (alert: string) => health.rules.find((candidate) => candidate.alert === alert)!;
    const writes = rule('CordonTelemetryMissingAuditWrites');
    const cadvisor = rule('CordonTelemetryMissingCadvisor');

    const failing = '10.0.0.1:6443';
    const render = (annotations: Record<string, string>) =>
      Object.fromEntries(Object.entries(annotations).map(([key, value]) => [key, value.replace('{{ $labels.instance }}', failing)]));

    const test = {
      rule_files: [ruleFile],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // One API server starts failing to write audit events at 11m; the other never does.
            { series: `apiserver_audit_error_total{instance="${failing}",plugin="log"}`, values: '0x10 1+1x30' },
            { series: 'apiserver_audit_error_total{instance="10.0.0.2:6443",plugin="log"}', values: '0x40' },
            // kube-state-metrics reports throughout; cAdvisor never does.
            { series: 'kube_pod_container_info{namespace="web",pod="web-1",container="web",image="nginx"}', values: '1x40' },
          ],
          alert_rule_test: [
            { eval_time: '8m', alertname: 'CordonTelemetryMissingAuditWrites', exp_alerts: [] },
            {
              eval_time: '25m',
              alertname: 'CordonTelemetryMissingAuditWrites',
              exp_alerts: [{ exp_labels: { ...writes.labels, instance: failing }, exp_annotations: render(writes.annotations) }],
            },
            { eval_time: '25m', alertname: 'CordonTelemetryMissingKubeStateMetrics', exp_alerts: [] },
            { eval_time: '25m', alertname: 'CordonTelemetryMissingCadvisor', exp_alerts: [{ exp_labels: cadvisor.labels, exp_annotations: cadvisor.annotations }] },
          ],
        },
      ],
    };

    const testFile = path.join(folder, 'health.test.yml');
    writeFileSync(testFile, stringify(test));
    expectPromtoolTestsPass(testFile);
  }, 180_000);
});

describe('container-without-pod forged pod labels', () => {
  const run = (name: string, tests: object[]) => {
    const detection = METRIC_DETECTIONS.find((candidate) => candidate.id === 'container-without-pod')!;
    const ruleFile = `${name}.rules.yml`;
    writeFileSync(path.join(folder, ruleFile), buildPrometheusRuleFile({ grafanaUrl: GRAFANA_URL, settings: DEFAULT_SETTINGS, detections: [detection] }));
    const testFile = path.join(folder, `${name}.test.yml`);
    writeFileSync(testFile, stringify({ rule_files: [ruleFile], evaluation_interval: '1m', tests }));
    expectPromtoolTestsPass(testFile);
  };
  const alertName = prometheusAlertName('container-without-pod');
  const kubelet = 'job="kubelet", instance="node-1"';

  test('new pod waits for kube-state-metrics', () => {
    run('young-pod', [
      {
        interval: '1m',
        input_series: [
          // The pod's container starts at 30 min, and kube-state-metrics lists the pod one scrape later.
          { series: `container_start_time_seconds{${kubelet}, id="/kubepods/new", image="nginx:1.27", name="web", namespace="shop", pod="web-7"}`, values: '_x29 1800x10' },
          { series: 'kube_pod_info{namespace="shop", pod="web-7", node="node-1"}', values: '_x30 1x9' },
          { series: 'kube_pod_info{namespace="kube-system", pod="coredns-1", node="node-1"}', values: '1x40' },
        ],
        alert_rule_test: [
          { eval_time: '30m', alertname: alertName, exp_alerts: [] },
          { eval_time: '39m', alertname: alertName, exp_alerts: [] },
        ],
      },
    ]);
  }, 180_000);

  test('forged-label branch needs kube_pod_info', () => {
    run('no-ksm', [
      {
        interval: '1m',
        input_series: [{ series: `container_start_time_seconds{${kubelet}, id="/docker/kproxy", image="miner:1", name="kproxy", namespace="kube-system", pod="kube-proxy-x7k2p"}`, values: '60x40' }],
        alert_rule_test: [{ eval_time: '39m', alertname: alertName, exp_alerts: [] }],
      },
    ]);
  }, 180_000);
});
