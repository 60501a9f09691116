import { parseArgs } from 'node:util';
import { LOG_DETECTIONS, METRIC_DETECTIONS, findDetection } from '../detections/catalog';
import { severityRank } from '../detections/model';
import { EXIT, Io, UsageError, endpoint, parseFormat, parsePositiveInteger, parseSeverity } from './common';
import { loadSettings } from './config';
import { formatHuntTable, huntRecord } from './format';
import { hunt } from './hunt';
import { parseTimePoint } from './timeRange';

export async function runHunt(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      'loki-url': { type: 'string' },
      'prometheus-url': { type: 'string' },
      'loki-tenant': { type: 'string' },
      'prometheus-tenant': { type: 'string' },
      since: { type: 'string', default: '24h' },
      until: { type: 'string' },
      detection: { type: 'string', multiple: true, default: [] },
      config: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'fail-on': { type: 'string' },
      'max-events': { type: 'string', default: '50000' },
      timeout: { type: 'string', default: '60' },
    },
  });
  if (positionals.length > 0) {
    throw new UsageError(`hunt takes no paths; got ${positionals.join(' ')}.`);
  }
  const format = parseFormat(values.format);
  const failOn = parseSeverity(values['fail-on'], '--fail-on');
  const timeoutMs = parsePositiveInteger(values.timeout!, '--timeout', 3600) * 1000;
  const loki = endpoint(values['loki-url'], '--loki-url', values['loki-tenant'], io.env.CORDON_LOKI_TOKEN, timeoutMs);
  const prometheus = endpoint(values['prometheus-url'], '--prometheus-url', values['prometheus-tenant'], io.env.CORDON_PROMETHEUS_TOKEN, timeoutMs);
  if (!loki && !prometheus) {
    throw new UsageError('hunt needs --loki-url, --prometheus-url or both.');
  }
  const now = io.now();
  let startMs: number;
  let endMs: number;
  try {
    startMs = parseTimePoint(values.since!, '--since', now);
    endMs = values.until === undefined ? now : parseTimePoint(values.until, '--until', now);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (startMs >= endMs) {
    throw new UsageError(`Invalid time range: --since (${new Date(startMs).toISOString()}) must be before --until (${new Date(endMs).toISOString()}).`);
  }
  let selected: string[];
  try {
    selected = (values.detection as string[]).map((id) => findDetection(id).id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const wanted = <T extends { id: string }>(detections: readonly T[]) => (selected.length === 0 ? detections : detections.filter((detection) => selected.includes(detection.id)));
  const settings = await loadSettings(values.config);

  const logDetections = wanted(LOG_DETECTIONS);
  const metricDetections = wanted(METRIC_DETECTIONS);
  const result = await hunt(logDetections, metricDetections, settings, {
    loki,
    prometheus,
    startMs,
    endMs,
    maxEntries: parsePositiveInteger(values['max-events']!, '--max-events'),
  });
  for (const warning of result.warnings) {
    io.stderr(`cordon: ${warning}\n`);
  }
  if (format === 'json') {
    io.stdout(result.findings.map((finding) => JSON.stringify(huntRecord(finding)) + '\n').join(''));
  } else {
    const detections = logDetections.length + metricDetections.length;
    io.stdout(formatHuntTable(result.findings, { detections, skipped: result.skipped.length, failed: result.failed.length, startMs, endMs }));
  }
  if (result.failed.length > 0) {
    // A hunt that could not read some data must not look clean to a script.
    io.stderr(`cordon: ${result.failed.length} detection(s) could not query their data source: ${result.failed.join(', ')}.\n`);
    return EXIT.unreadable;
  }
  if (failOn !== undefined && result.findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn))) {
    return EXIT.findings;
  }
  return EXIT.ok;
}
