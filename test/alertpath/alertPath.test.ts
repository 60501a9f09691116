/** @jest-environment node */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { detectionAnnotations, detectionLabels } from '../../src/alerting/metadata';
import { prometheusAlertName } from '../../src/alerting/prometheusRules';
import { METRIC_DETECTIONS } from '../../src/detections/catalog';
import type { Severity } from '../../src/detections/model';
import { AlertPathStack, startAlertPathStack } from '../../src/emulation/harness/stack';
import { Delivery, webhookAlerts } from '../../src/emulation/harness/webhook';
import { sleep } from '../../src/emulation/harness/processes';
import { METRIC_SCENARIOS, scenarioTuning } from '../../src/emulation/metricScenarios';
import { renderAnnotation } from '../../src/emulation/templates';

/**
 * Real Prometheus 2.42 and Alertmanager 0.25 from Debian, on 127.0.0.1 only. The scenario
 * history (eight days for the egress baseline) is backfilled with promtool, so every rule runs
 * with its default tuning except the egress rate window. At the default 5m, a 40 MiB/s
 * transfer needs about two minutes to lift the rate above three times its 5 MiB/s baseline,
 * and at 2m it needs under a minute. The 1m `for` of medium rules still applies.
 */
jest.setTimeout(420_000);

const GRAFANA_URL = 'https://grafana.example.com';
const ARRIVAL_TIMEOUT_MS = 300_000;

const RECEIVER: Record<Severity, string> = {
  critical: 'cordon-paging',
  high: 'cordon-chat',
  medium: 'cordon-ticket',
  low: 'cordon-ticket',
  info: 'cordon-ticket',
};

interface ExpectedAlert {
  detectionId: string;
  receiver: string;
  labels: Record<string, string>;
  runbookUrl: string;
}

const EXPECTED: ExpectedAlert[] = METRIC_SCENARIOS.flatMap((set) => {
  const detection = METRIC_DETECTIONS.find((candidate) => candidate.id === set.detectionId);
  if (!detection) {
    throw new Error(`Scenarios name the detection ${set.detectionId}, which is not in the catalog.`);
  }
  const runbookTemplate = detectionAnnotations(detection, GRAFANA_URL, detection.groupBy).runbook_url;
  return set.scenarios
    .filter((scenario) => scenario.expect === 'fire')
    .flatMap((scenario) => scenario.alerts)
    .map((queryLabels) => ({
      detectionId: detection.id,
      receiver: RECEIVER[detection.severity],
      labels: { alertname: prometheusAlertName(detection.id), ...queryLabels, ...detectionLabels(detection) },
      runbookUrl: renderAnnotation(runbookTemplate, queryLabels),
    }));
});

let workDir: string;
let stack: AlertPathStack;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'cordon-alertpath-'));
  stack = await startAlertPathStack({
    workDir,
    sets: METRIC_SCENARIOS,
    grafanaUrl: GRAFANA_URL,
    tuning: { ...scenarioTuning(), 'container-egress-above-baseline': { rateWindow: '2m' } },
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    attackFromStart: true,
    groupWait: '1s',
    groupInterval: '1s',
  });
});

afterAll(async () => {
  await stack?.stop();
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
  }
});

function sameLabels(actual: Record<string, string>, expected: Record<string, string>): boolean {
  const keys = Object.keys(expected);
  return keys.length === Object.keys(actual).length && keys.every((key) => actual[key] === expected[key]);
}

function firingDelivery(expected: ExpectedAlert) {
  return (delivery: Delivery) =>
    delivery.path === `/${expected.receiver}/webhook` &&
    webhookAlerts(delivery).some((alert) => alert.status === 'firing' && sameLabels(alert.labels, expected.labels));
}

test.each(EXPECTED.map((expected) => [`${expected.detectionId} ${expected.labels.pod ?? expected.labels.name}`, expected] as const))(
  '%s reaches its receiver',
  async (_name, expected) => {
    const delivery = await stack.webhook.waitFor(firingDelivery(expected), ARRIVAL_TIMEOUT_MS);
    const alert = webhookAlerts(delivery).find((candidate) => sameLabels(candidate.labels, expected.labels));
    expect(alert?.labels).toEqual(expected.labels);
    expect(alert?.annotations.runbook_url).toBe(expected.runbookUrl);
  }
);

test('chat message links runbook at alert time', async () => {
  const expected = EXPECTED.find((candidate) => candidate.receiver === 'cordon-chat');
  if (!expected) {
    throw new Error('No scenario raises a high-severity alert, so the chat receiver is not exercised.');
  }
  const webhook = await stack.webhook.waitFor(firingDelivery(expected), ARRIVAL_TIMEOUT_MS);
  const startsAt = webhookAlerts(webhook).find((alert) => sameLabels(alert.labels, expected.labels))?.startsAt ?? '';
  const link = `${expected.runbookUrl}&time=${Math.floor(Date.parse(startsAt) / 1000)}`;

  // Several high-severity alerts of different pods reach the chat receiver as separate messages.
  const escaped = JSON.stringify(link).slice(1, -1);
  const slack = await stack.webhook.waitFor(
    (delivery) => delivery.path === '/cordon-chat/slack' && JSON.stringify(delivery.body).includes(escaped),
    ARRIVAL_TIMEOUT_MS
  );
  expect(JSON.stringify(slack.body)).toContain(escaped);
});

test('benign twins never alert', async () => {
  // Every attack alert has arrived by now; a few more evaluations give a benign alert time to show.
  await sleep(5000);
  const received = stack.webhook.deliveries.flatMap(webhookAlerts);
  const unexpected = received.filter((alert) => !EXPECTED.some((expected) => sameLabels(alert.labels, expected.labels)));
  expect(unexpected.map((alert) => alert.labels)).toEqual([]);

  const response = await fetch(`${stack.prometheusUrl}/api/v1/alerts`);
  const body = (await response.json()) as { data: { alerts: Array<{ labels: Record<string, string>; state: string }> } };
  const active = body.data.alerts.filter((alert) => !EXPECTED.some((expected) => sameLabels(alert.labels, expected.labels)));
  expect(active).toEqual([]);
  expect(body.data.alerts.length).toBe(EXPECTED.length);
});

test('higher severity inhibits lower for a pod', async () => {
  const pod = { source: 'cordon', namespace: 'inhibition-check', pod: 'web-0' };
  const alerts = [
    { labels: { ...pod, alertname: 'CordonCriticalExample', severity: 'critical' } },
    { labels: { ...pod, alertname: 'CordonMediumExample', severity: 'medium' } },
    { labels: { ...pod, pod: 'web-1', alertname: 'CordonMediumExample', severity: 'medium' } },
  ];
  const posted = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(posted.status).toBe(200);

  let states: Array<{ labels: Record<string, string>; status: { inhibitedBy: string[] } }> = [];
  for (let attempt = 0; attempt < 50 && states.length < alerts.length; attempt++) {
    const response = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent('namespace="inhibition-check"')}`);
    states = (await response.json()) as typeof states;
    await sleep(200);
  }
  const inhibited = (podName: string, severity: string) =>
    states.find((state) => state.labels.pod === podName && state.labels.severity === severity)?.status.inhibitedBy.length ?? -1;
  expect(inhibited('web-0', 'medium')).toBeGreaterThan(0);
  expect(inhibited('web-0', 'critical')).toBe(0);
  expect(inhibited('web-1', 'medium')).toBe(0);
});
