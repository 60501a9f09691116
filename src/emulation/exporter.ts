import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DetectionScenarios, clusterSeries } from './metricScenarios';
import { ScenarioSeries, formatLabels, formatValue, liveValue } from './series';

/** A running exporter of scenario series in Prometheus' text exposition format. */
export interface ScenarioExporter {
  /** Base URL on the loopback address; the series are at /metrics. */
  url: string;
  /** Unix milliseconds at which the history ends and the live phase begins. */
  liveStartMs: number;
  /** Switches every series to its live behaviour from now on and returns the time in Unix milliseconds. */
  startAttack(): number;
  close(): Promise<void>;
}

interface ExportedSeries {
  series: ScenarioSeries;
  intervalSeconds: number;
}

/**
 * Starts an HTTP server on 127.0.0.1 (a free port unless given) that serves the series of every
 * scenario at their current value. Scrape it with `honor_labels: true`, because the series carry
 * the job and instance labels of the kubelet or kube-state-metrics they emulate.
 */
export async function startScenarioExporter(sets: readonly DetectionScenarios[], options: { liveStartMs: number; attackFromStart: boolean; port?: number }): Promise<ScenarioExporter> {
  const exported: ExportedSeries[] = clusterSeries(sets);
  let attackMs: number | undefined = options.attackFromStart ? options.liveStartMs : undefined;

  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('Not found: the exporter serves /metrics only.\n');
      return;
    }
    const body = exposition(exported, Date.now(), options.liveStartMs, attackMs);
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body);
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    liveStartMs: options.liveStartMs,
    startAttack: () => {
      attackMs = Date.now();
      return attackMs;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Renders the current samples, series of one metric together, the order the text format expects. */
function exposition(exported: readonly ExportedSeries[], nowMs: number, liveStartMs: number, attackMs: number | undefined): string {
  const elapsed = (nowMs - liveStartMs) / 1000;
  const attackSeconds = attackMs === undefined ? undefined : (attackMs - liveStartMs) / 1000;
  const lines = new Map<string, string[]>();
  for (const { series, intervalSeconds } of exported) {
    const value = liveValue(series, intervalSeconds, elapsed, attackSeconds);
    if (value === undefined) {
      continue;
    }
    const family = lines.get(series.metric) ?? [];
    family.push(`${series.metric}${formatLabels(series.labels, ',')} ${formatValue(value)}`);
    lines.set(series.metric, family);
  }
  return [...lines.values()].map((family) => `${family.join('\n')}\n`).join('');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
