import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { buildPrometheusRuleFile } from '../../alerting/prometheusRules';
import type { TuningValues } from '../../detections/model';
import { DEFAULT_SETTINGS } from '../../settings';
import { historyAsOpenMetrics } from '../backfill';
import { ScenarioExporter, startScenarioExporter } from '../exporter';
import type { DetectionScenarios } from '../metricScenarios';
import { adaptAlertmanagerConfig } from './alertmanagerConfig';
import { freePort } from './ports';
import { ManagedProcess, startProcess, stopProcess, waitUntilReady } from './processes';
import { WebhookReceiver, startWebhookReceiver } from './webhook';

/** The repository's provisioning folder, which contains the shipped Alertmanager configuration. */
export const PROVISIONING_DIR = path.resolve(__dirname, '..', '..', '..', 'provisioning');

/** Binaries of Debian's prometheus and prometheus-alertmanager packages; override them with the environment. */
export const BINARIES = {
  prometheus: process.env.PROMETHEUS ?? 'prometheus',
  promtool: process.env.PROMTOOL ?? 'promtool',
  alertmanager: process.env.ALERTMANAGER ?? 'prometheus-alertmanager',
};

export interface StackOptions {
  /** Empty folder for configurations, TSDB data and logs. */
  workDir: string;
  sets: readonly DetectionScenarios[];
  grafanaUrl: string;
  /** Settings.tuning for the exported rules. */
  tuning: Record<string, TuningValues>;
  scrapeInterval: string;
  /** Interval of the Cordon rule group, which replaces the exported one. */
  evaluationInterval: string;
  /** Start every live behaviour at once, or wait for exporter.startAttack(). */
  attackFromStart: boolean;
  groupWait?: string;
  groupInterval?: string;
}

/** Prometheus, Alertmanager, the scenario exporter and a webhook receiver, all on 127.0.0.1. */
export interface AlertPathStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  exporter: ScenarioExporter;
  webhook: WebhookReceiver;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the whole alert path. The scenario history is backfilled with promtool before
 * Prometheus starts, so that baselines over days exist with default tuning, and the exporter
 * continues each series from the end of its history. Every server listens on 127.0.0.1 and
 * Alertmanager's cluster gossip is off.
 */
export async function startAlertPathStack(options: StackOptions): Promise<AlertPathStack> {
  const { workDir } = options;
  const started: ManagedProcess[] = [];
  const liveStartMs = Date.now();
  const exporter = await startScenarioExporter(options.sets, { liveStartMs, attackFromStart: options.attackFromStart });
  const webhook = await startWebhookReceiver();
  const stop = async () => {
    for (const server of started.reverse()) {
      await stopProcess(server);
    }
    await exporter.close();
    await webhook.close();
  };

  try {
    const dataDir = path.join(workDir, 'prometheus-data');
    backfillHistory(options.sets, liveStartMs, workDir, dataDir);

    const alertmanagerPort = await freePort();
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    const alertmanagerConfig = path.join(workDir, 'alertmanager.yml');
    writeFileSync(
      alertmanagerConfig,
      adaptAlertmanagerConfig(readFileSync(path.join(PROVISIONING_DIR, 'alertmanager', 'alertmanager.yml'), 'utf8'), {
        webhookUrl: webhook.url,
        templates: path.join(PROVISIONING_DIR, 'alertmanager', 'templates', '*.tmpl'),
        groupWait: options.groupWait,
        groupInterval: options.groupInterval,
      })
    );
    const alertmanager = startProcess(
      'Alertmanager',
      BINARIES.alertmanager,
      [
        `--config.file=${alertmanagerConfig}`,
        `--storage.path=${path.join(workDir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        '--cluster.listen-address=',
      ],
      path.join(workDir, 'alertmanager.log')
    );
    started.push(alertmanager);
    await waitUntilReady(`${alertmanagerUrl}/-/ready`, alertmanager, READY_TIMEOUT_MS);

    const prometheusPort = await freePort();
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const prometheusConfig = writePrometheusConfig(options, workDir, exporter.url, alertmanagerPort);
    const prometheus = startProcess(
      'Prometheus',
      BINARIES.prometheus,
      [`--config.file=${prometheusConfig}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${prometheusPort}`],
      path.join(workDir, 'prometheus.log')
    );
    started.push(prometheus);
    await waitUntilReady(`${prometheusUrl}/-/ready`, prometheus, READY_TIMEOUT_MS);

    return { prometheusUrl, alertmanagerUrl, exporter, webhook, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Writes the scenario history as TSDB blocks into `dataDir` with promtool. */
function backfillHistory(sets: readonly DetectionScenarios[], endMs: number, workDir: string, dataDir: string): void {
  const input = path.join(workDir, 'history.om');
  writeFileSync(input, historyAsOpenMetrics(sets, endMs));
  mkdirSync(dataDir, { recursive: true });
  const result = spawnSync(BINARIES.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', input, dataDir], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.error || result.status !== 0) {
    const reason = result.error?.message ?? `${result.stdout}${result.stderr}`.trim();
    throw new Error(`Backfilling ${input} with ${BINARIES.promtool} failed: ${reason}`);
  }
}

function writePrometheusConfig(options: StackOptions, workDir: string, exporterUrl: string, alertmanagerPort: number): string {
  const rules = parse(buildPrometheusRuleFile({ grafanaUrl: options.grafanaUrl, settings: { ...DEFAULT_SETTINGS, tuning: options.tuning } })) as {
    groups: Array<{ interval?: string }>;
  };
  for (const group of rules.groups) {
    group.interval = options.evaluationInterval;
  }
  const ruleFile = path.join(workDir, 'cordon-rules.yml');
  writeFileSync(ruleFile, stringify(rules, { lineWidth: 0 }));

  const config = {
    global: { scrape_interval: options.scrapeInterval, evaluation_interval: options.evaluationInterval },
    rule_files: [ruleFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
    scrape_configs: [
      {
        job_name: 'cordon-emulator',
        // The series carry the job and instance of the kubelet or kube-state-metrics they emulate.
        honor_labels: true,
        static_configs: [{ targets: [new URL(exporterUrl).host] }],
      },
    ],
  };
  const file = path.join(workDir, 'prometheus.yml');
  writeFileSync(file, stringify(config));
  return file;
}
