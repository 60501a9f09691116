import type { Detection, LogDetection, MetricDetection } from '../detections/model';
import { compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import { EventReader, LokiEntry, logFindings, readJsonLine } from '../matcher/logFindings';
import { metricFindings } from '../matcher/metricFindings';
import type { Finding } from '../matcher/findings';
import { falcoEventFromLoki } from '../matcher/falcoText';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import type { EndpointOptions } from './http';
import { checkLogData, checkMetricData } from './dataCheck';
import { LOKI_PAGE_LIMIT, Truncation, queryLogs } from './lokiApi';
import { queryRange } from './promApi';

export interface HuntOptions {
  loki?: EndpointOptions;
  prometheus?: EndpointOptions;
  startMs: number;
  endMs: number;
  /** Entries read per log detection; past it the hunt stops reading that detection and warns. */
  maxEntries: number;
}

export interface HuntFinding extends Finding {
  /** Source of the finding: "loki" or "prometheus". */
  source: string;
}

export interface HuntResult {
  findings: HuntFinding[];
  /** Detections that did not run or ran only in part, with the reason. */
  warnings: string[];
  /** Detections whose query failed, so the hunt could not read their data. */
  failed: string[];
  /** Detections that did not run because their data source was not given. */
  skipped: string[];
}

/**
 * Hunts with the detections over a time range, querying Loki and Prometheus directly. A
 * detection whose source is not given, or whose query fails, is reported in `warnings`; the
 * others still run. Telemetry without data in the range is reported there too.
 */
export async function hunt(logDetections: readonly LogDetection[], metricDetections: readonly MetricDetection[], settings: CordonSettings, options: HuntOptions): Promise<HuntResult> {
  const logs = options.loki
    ? await huntLogs(logDetections, settings, options.loki, options)
    : skipAll(logDetections, 'log', 'Loki URL was given (--loki-url)');
  const metrics = options.prometheus
    ? await huntMetrics(metricDetections, settings, options.prometheus, options)
    : skipAll(metricDetections, 'metric', 'Prometheus URL was given (--prometheus-url)');
  return {
    findings: [...logs.findings, ...metrics.findings].sort((a, b) => a.time.localeCompare(b.time)),
    warnings: [...logs.warnings, ...metrics.warnings],
    failed: [...logs.failed, ...metrics.failed],
    skipped: [...logs.skipped, ...metrics.skipped],
  };
}

function skipAll(detections: readonly Detection[], kind: string, missing: string): HuntResult {
  const ids = detections.map((detection) => detection.id);
  const warnings = ids.length > 0 ? [`skipped ${ids.length} ${kind} detection(s), because no ${missing}: ${ids.join(', ')}.`] : [];
  return { findings: [], warnings, failed: [], skipped: ids };
}

async function huntLogs(detections: readonly LogDetection[], settings: CordonSettings, loki: EndpointOptions, options: HuntOptions): Promise<HuntResult> {
  const findings: HuntFinding[] = [];
  const warnings: string[] = [];
  const failures = new Map<string, string[]>();
  for (const detection of detections) {
    try {
      const source = logSource(settings, detection.telemetry);
      const query = compileLogDetection(detection, source, {
        maxArrayElements: settings.maxArrayElements,
        tuning: settings.tuning[detection.id],
      }).logQuery;
      const { entries, truncated } = await queryLogs(
        loki,
        query,
        BigInt(options.startMs) * BigInt(1_000_000),
        BigInt(options.endMs) * BigInt(1_000_000),
        'Loki query',
        options.maxEntries
      );
      if (truncated) {
        warnings.push(`${detection.id}: ${truncationWarning(truncated, entries)}`);
      }
      const result = logFindings(detection, source, entries, eventReader(detection, settings));
      if (result.unreadable > 0) {
        warnings.push(`${detection.id}: ${result.unreadable} line(s) could not be read as events (first: ${result.firstError}).`);
      }
      findings.push(...result.findings.map((finding) => ({ ...finding, source: 'loki' })));
    } catch (error) {
      addFailure(failures, detection.id, (error as Error).message);
    }
  }
  const failed = [...failures.values()].flat();
  warnings.push(...failureWarnings(failures));
  warnings.push(...(await checkLogData(detections, findings, failed, settings, loki, options.startMs, options.endMs)));
  return { findings, warnings, failed, skipped: [] };
}

async function huntMetrics(detections: readonly MetricDetection[], settings: CordonSettings, prometheus: EndpointOptions, options: HuntOptions): Promise<HuntResult> {
  const findings: HuntFinding[] = [];
  const failures = new Map<string, string[]>();
  for (const detection of detections) {
    try {
      const { query } = compileMetricDetection(detection, metricSelectors(settings), settings.tuning[detection.id]);
      const step = huntStepSeconds(options.startMs, options.endMs);
      const series = await queryRange(prometheus, query, options.startMs / 1000, options.endMs / 1000, step, 'Prometheus query');
      findings.push(...metricFindings(detection, series, step * 2).map((finding) => ({ ...finding, source: 'prometheus' })));
    } catch (error) {
      addFailure(failures, detection.id, (error as Error).message);
    }
  }
  const failed = [...failures.values()].flat();
  const warnings = [...failureWarnings(failures), ...(await checkMetricData(detections, findings, failed, settings, prometheus, options.startMs, options.endMs))];
  return { findings, warnings, failed, skipped: [] };
}

/** Explains where a detection stopped reading and how to read the rest. */
export function truncationWarning(truncation: Truncation, entries: readonly LokiEntry[]): string {
  if (truncation === 'max-entries') {
    return `stopped after ${entries.length} events, the --max-events limit; raise it or narrow the time range (--since, --until) to read them all.`;
  }
  const lastMs = Number(BigInt(entries[entries.length - 1].timeNs) / BigInt(1_000_000));
  return (
    `stopped after ${entries.length} events, because more than ${LOKI_PAGE_LIMIT} events share the timestamp ` +
    `${new Date(lastMs).toISOString()} and Loki cannot page past them. Hunt again with --since ${new Date(lastMs + 1).toISOString()} to read the events after it.`
  );
}

/** Records a failed detection under its error message, so that one outage is reported once. */
function addFailure(failures: Map<string, string[]>, detectionId: string, message: string): void {
  failures.set(message, [...(failures.get(message) ?? []), detectionId]);
}

/** Builds one warning per distinct error message, naming every detection that failed with it. */
export function failureWarnings(failures: ReadonlyMap<string, readonly string[]>): string[] {
  return [...failures].map(([message, ids]) => `${ids.join(', ')}: ${message}`);
}

/** Chooses a step that keeps a range query near 1000 points (Prometheus allows 11000), and at least 15 s. */
export function huntStepSeconds(startMs: number, endMs: number): number {
  return Math.max(15, Math.ceil((endMs - startMs) / 1000 / 1000));
}

function eventReader(detection: LogDetection, settings: CordonSettings): EventReader {
  if (detection.telemetry === 'falco' && settings.falcoFormat === 'text') {
    return (entry) => falcoEventFromLoki(entry.labels, entry.line, settings.falcoLabels);
  }
  return readJsonLine;
}
