/**
 * Measures the alert path over several runs. MTTD is the time from the moment the exporter
 * switches a series to its attack behaviour to the moment the webhook receives the alert.
 * The script also prints the evaluation cost of the full Cordon rule set as Prometheus reports it.
 *
 * Run: TS_NODE_PROJECT=tsconfig.cli.json npx ts-node -T scripts/bench-alert-path.ts [options]
 *   --runs N                 runs per measurement (default 5)
 *   --scrape-interval D      Prometheus scrape interval (default 5s)
 *   --evaluation-interval D  Cordon rule group interval (default 5s)
 *   --group-wait D           Alertmanager group_wait for every route (default: as shipped)
 *   --detection ID           scenario set to trigger (default container-without-pod)
 * Needs Debian's prometheus and prometheus-alertmanager packages; every server listens on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { detectionLabels } from '../src/alerting/metadata';
import { prometheusAlertName } from '../src/alerting/prometheusRules';
import { METRIC_DETECTIONS } from '../src/detections/catalog';
import { BINARIES, startAlertPathStack } from '../src/emulation/harness/stack';
import { sleep } from '../src/emulation/harness/processes';
import { webhookAlerts } from '../src/emulation/harness/webhook';
import { DetectionScenarios, METRIC_SCENARIOS, scenarioTuning } from '../src/emulation/metricScenarios';

const GRAFANA_URL = 'https://grafana.example.com';
const ARRIVAL_TIMEOUT_MS = 600_000;

interface RunResult {
  /** Seconds until the rule's query first returned the alert (Prometheus' activeAt); `for` starts here. */
  activeSeconds: number;
  deliveredSeconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      'scrape-interval': { type: 'string', default: '5s' },
      'evaluation-interval': { type: 'string', default: '5s' },
      'group-wait': { type: 'string' },
      detection: { type: 'string', default: 'container-without-pod' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`Invalid --runs ${JSON.stringify(values.runs)}: use a whole number of at least 1.`);
  }
  const set = METRIC_SCENARIOS.find((candidate) => candidate.detectionId === values.detection);
  if (!set) {
    throw new Error(`Unknown --detection ${JSON.stringify(values.detection)}; use one of ${METRIC_SCENARIOS.map((candidate) => candidate.detectionId).join(', ')}.`);
  }
  const intervals = { scrapeInterval: values['scrape-interval'] as string, evaluationInterval: values['evaluation-interval'] as string };

  printMachine();
  console.log(`\nMTTD of ${set.detectionId}: scrape ${intervals.scrapeInterval}, evaluation ${intervals.evaluationInterval}, group_wait ${values['group-wait'] ?? 'as shipped'}`);
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await measureRun(set, intervals, values['group-wait']);
    results.push(result);
    console.log(`  run ${run}: alert active in Prometheus after ${result.activeSeconds.toFixed(1)} s, webhook received after ${result.deliveredSeconds.toFixed(1)} s`);
  }
  printSummary('Alert active in Prometheus (activeAt, pending from then)', results.map((result) => result.activeSeconds));
  printSummary('Webhook received (MTTD)', results.map((result) => result.deliveredSeconds));

  await measureRuleCost(intervals);
}

/** Starts a fresh stack, lets it scrape the calm series, then starts the attack and times the alert. */
async function measureRun(set: DetectionScenarios, intervals: { scrapeInterval: string; evaluationInterval: string }, groupWait: string | undefined): Promise<RunResult> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-'));
  const stack = await startAlertPathStack({ workDir, sets: [set], grafanaUrl: GRAFANA_URL, tuning: scenarioTuning(), ...intervals, attackFromStart: false, groupWait });
  try {
    // Two scrapes and two evaluations of the calm series, so the attack is the only change.
    await sleep(2 * Math.max(seconds(intervals.scrapeInterval), seconds(intervals.evaluationInterval)) * 1000);
    const attackMs = stack.exporter.startAttack();
    const expected = expectedLabels(set);
    const delivery = await stack.webhook.waitFor(
      (candidate) => candidate.path.endsWith('/webhook') && webhookAlerts(candidate).some((alert) => alert.status === 'firing' && alert.labels.detection === set.detectionId && matches(alert.labels, expected)),
      ARRIVAL_TIMEOUT_MS
    );
    const alerts = (await (await fetch(`${stack.prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: Record<string, string>; activeAt: string }> } };
    const active = alerts.data.alerts.find((alert) => matches(alert.labels, expected));
    return {
      activeSeconds: active ? (Date.parse(active.activeAt) - attackMs) / 1000 : NaN,
      deliveredSeconds: (delivery.receivedAtMs - attackMs) / 1000,
    };
  } finally {
    await stack.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Loads every scenario set with its history and reports the rule evaluation cost Prometheus measures. */
async function measureRuleCost(intervals: { scrapeInterval: string; evaluationInterval: string }): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-'));
  const stack = await startAlertPathStack({ workDir, sets: METRIC_SCENARIOS, grafanaUrl: GRAFANA_URL, tuning: scenarioTuning(), ...intervals, attackFromStart: true });
  try {
    const samples: number[] = [];
    const perRule = new Map<string, number[]>();
    const deadline = Date.now() + 20 * seconds(intervals.evaluationInterval) * 1000;
    let lastEvaluation = '';
    while (Date.now() < deadline) {
      const rules = (await (await fetch(`${stack.prometheusUrl}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ evaluationTime: number; lastEvaluation: string; rules: Array<{ name: string; evaluationTime: number }> }> };
      };
      const group = rules.data.groups[0];
      if (group && group.lastEvaluation !== lastEvaluation && group.lastEvaluation !== '0001-01-01T00:00:00Z') {
        lastEvaluation = group.lastEvaluation;
        samples.push(group.evaluationTime * 1000);
        for (const rule of group.rules) {
          perRule.set(rule.name, [...(perRule.get(rule.name) ?? []), rule.evaluationTime * 1000]);
        }
      }
      await sleep(500);
    }
    // Prometheus does not scrape itself in this stack, so the metric is read from its own /metrics page.
    const ownMetrics = await (await fetch(`${stack.prometheusUrl}/metrics`)).text();
    const lastDurations = ownMetrics.split('\n').filter((line) => line.startsWith('prometheus_rule_group_last_duration_seconds{'));
    console.log(`\nRule cost of the full rule set (${METRIC_DETECTIONS.length} rules, scenario history of 8 days loaded), ${samples.length} evaluations:`);
    printSummary('  group evaluation (/api/v1/rules evaluationTime, ms)', samples);
    for (const [name, durations] of perRule) {
      printSummary(`  ${name} (ms)`, durations);
    }
    for (const line of lastDurations) {
      console.log(`  ${line} (seconds, the last evaluation)`);
    }
  } finally {
    await stack.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function expectedLabels(set: DetectionScenarios): Record<string, string> {
  const detection = METRIC_DETECTIONS.find((candidate) => candidate.id === set.detectionId);
  const alert = set.scenarios.find((scenario) => scenario.expect === 'fire')?.alerts[0];
  if (!detection || !alert) {
    throw new Error(`Detection ${set.detectionId} has no attack scenario to time.`);
  }
  return { alertname: prometheusAlertName(detection.id), ...alert, ...detectionLabels(detection) };
}

function matches(labels: Record<string, string>, expected: Record<string, string>): boolean {
  return Object.entries(expected).every(([name, value]) => labels[name] === value);
}

function seconds(duration: string): number {
  const match = /^([0-9]+)(ms|s|m)$/.exec(duration);
  if (!match) {
    throw new Error(`Invalid interval ${JSON.stringify(duration)}: use milliseconds, seconds or minutes, such as 5s.`);
  }
  const factor = { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
  return Number(match[1]) * factor;
}

function printSummary(label: string, values: number[]): void {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    console.log(`${label}: no values`);
    return;
  }
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`${label}: min ${sorted[0].toFixed(2)}, median ${median.toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)} (n=${sorted.length})`);
}

function printMachine(): void {
  const version = spawnSync(BINARIES.prometheus, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const alertmanager = spawnSync(BINARIES.alertmanager, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`);
  console.log(`Servers: ${version}; ${alertmanager}`);
}

main().catch((error: Error) => {
  console.error(`bench-alert-path: ${error.message}`);
  process.exitCode = 1;
});
