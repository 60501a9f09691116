import { parseArgs } from 'node:util';
import { EXIT, Io, UsageError, endpoint, findLogDetection, parsePositiveInteger } from './common';
import { loadSettings } from './config';
import { startScenarioExporter } from '../emulation/exporter';
import { METRIC_SCENARIOS, scenarioTuning } from '../emulation/metricScenarios';
import { DEFAULT_CASES_DIR, EMULATION_FILES, appendToFiles, freshen, loadCaseEvents, pushToLoki, toLokiStreams } from './emulate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runEmulate(args: string[], io: Io): Promise<number> {
  const [target, ...rest] = args;
  if (target === 'metrics') {
    return runMetricsEmulator(rest, io);
  }
  if (target !== 'logs' && target !== 'files') {
    throw new UsageError(
      `emulate needs a target: "logs" (push to Loki), "files" (append to files a shipper tails) or "metrics" (serve scenario series); got ${JSON.stringify(target ?? '')}.`
    );
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: {
      'loki-url': { type: 'string' },
      'loki-tenant': { type: 'string' },
      out: { type: 'string' },
      detection: { type: 'string', multiple: true, default: [] },
      benign: { type: 'boolean', default: false },
      cases: { type: 'string', default: DEFAULT_CASES_DIR },
      config: { type: 'string' },
      every: { type: 'string' },
      timeout: { type: 'string', default: '30' },
    },
  });
  if (positionals.length > 0) {
    throw new UsageError(`emulate takes no paths; got ${positionals.join(' ')}.`);
  }
  const detections = logDetectionIds(values.detection as string[], target);
  const settings = await loadSettings(values.config);
  const library = loadCaseEvents(values.cases!, detections, values.benign!);
  const everyMs = values.every === undefined ? undefined : parsePositiveInteger(values.every, '--every', 86_400) * 1000;

  const runOnce = async () => {
    const now = new Date(io.now());
    const events = library.map((emulated, index) => freshen(emulated, now, index));
    if (target === 'logs') {
      const loki = endpoint(values['loki-url'], '--loki-url', values['loki-tenant'], io.env.CORDON_LOKI_TOKEN, parsePositiveInteger(values.timeout!, '--timeout', 3600) * 1000);
      if (!loki) {
        throw new UsageError('emulate logs needs --loki-url.');
      }
      await pushToLoki(loki, toLokiStreams(events, settings, now));
      io.stdout(`Pushed ${events.length} events to ${loki.baseUrl} at ${now.toISOString()}.\n`);
    } else {
      if (!values.out) {
        throw new UsageError(`emulate files needs --out, the folder for ${Object.values(EMULATION_FILES).join(', ')}.`);
      }
      await appendToFiles(values.out, events);
      io.stdout(`Appended ${events.length} events to ${values.out} at ${now.toISOString()}.\n`);
    }
    const attacks = library.filter((emulated) => emulated.kind === 'attack').length;
    io.stdout(`  ${attacks} attack events and ${library.length - attacks} benign look-alikes from ${new Set(library.map((emulated) => emulated.detection)).size} detections.\n`);
  };

  await runOnce();
  while (everyMs !== undefined) {
    await sleep(everyMs);
    await runOnce();
  }
  return EXIT.ok;
}

/**
 * Checks the --detection values of `emulate logs` and `emulate files`, which replay log events
 * only; a metric detection's attack is a scenario that `emulate metrics` serves.
 */
function logDetectionIds(ids: readonly string[], target: string): string[] {
  return ids.map((id) => findLogDetection(id, `emulate ${target}`, 'run "cordon emulate metrics" to serve its attack scenario').id);

}

/**
 * Builds the notice of the tuning that keeps the benign twins silent: without it, the twin that
 * a trusted name or registry exempts fires like an attack.
 */
export function scenarioTuningNotice(): string {
  const tuning = Object.fromEntries(Object.entries(scenarioTuning()).filter(([, values]) => Object.keys(values).length > 0));
  return `The benign twins stay silent only with this tuning in the settings (--config, or the app's jsonData):\n  ${JSON.stringify({ tuning })}\n`;
}

/**
 * Serves the metric attack scenarios and their benign twins on 127.0.0.1 until the process is
 * stopped. The attack phase starts after --attack-after seconds, so a scraper first sees the
 * quiet phase.
 */
async function runMetricsEmulator(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: { port: { type: 'string', default: '9400' }, 'attack-after': { type: 'string', default: '0' } },
  });
  if (positionals.length > 0) {
    throw new UsageError(`emulate metrics takes no paths; got ${positionals.join(' ')}.`);
  }
  const port = parsePositiveInteger(values.port!, '--port', 65535);
  const attackAfter = values['attack-after'] === '0' ? 0 : parsePositiveInteger(values['attack-after']!, '--attack-after', 86_400);
  const exporter = await startScenarioExporter(METRIC_SCENARIOS, { liveStartMs: io.now(), attackFromStart: attackAfter === 0, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(`Cannot serve the metric scenarios: port ${port} on 127.0.0.1 is already in use; pick a free port with --port.`);
    }
    throw error;
  });
  io.stdout(`Serving ${METRIC_SCENARIOS.length} metric scenarios at ${exporter.url}/metrics.\n`);
  io.stdout(scenarioTuningNotice());
  if (attackAfter > 0) {
    await sleep(attackAfter * 1000);
    exporter.startAttack();
    io.stdout(`Attack phase started at ${new Date(io.now()).toISOString()}.\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await exporter.close();
  return EXIT.ok;
}
