import type { LogDetection, MetricDetection } from '../detections/model';
import { compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import { EventReader, logFindings, readJsonLine } from '../matcher/logFindings';
import { metricFindings } from '../matcher/metricFindings';
import type { Finding } from '../matcher/findings';
import { falcoEventFromLoki } from '../matcher/falcoText';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import { formatSelector } from '../compiler/logql/selector';
import { LogTelemetry, TELEMETRY_NAMES } from '../detections/telemetry';
import type { EndpointOptions } from './http';
import { countLogLines, queryLogs } from './lokiApi';
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
 * others still run. Log telemetry without a line in the range is reported there too.
 */
export async function hunt(logDetections: readonly LogDetection[], metricDetections: readonly MetricDetection[], settings: CordonSettings, options: HuntOptions): Promise<HuntResult> {
  const findings: HuntFinding[] = [];
  const warnings: string[] = [];
  const failed: string[] = [];
  const skipped: string[] = [];

  for (const detection of logDetections) {
    if (!options.loki) {
      warnings.push(`${detection.id}: skipped, because no Loki URL was given (--loki-url).`);
      skipped.push(detection.id);
      continue;
    }
    try {
      const source = logSource(settings, detection.telemetry);
      const query = compileLogDetection(detection, source, {
        maxArrayElements: settings.maxArrayElements,
        tuning: settings.tuning[detection.id],
      }).logQuery;
      const { entries, truncated } = await queryLogs(
        options.loki,
        query,
        BigInt(options.startMs) * BigInt(1_000_000),
        BigInt(options.endMs) * BigInt(1_000_000),
        'Loki query',
        options.maxEntries
      );
      if (truncated) {
        warnings.push(`${detection.id}: stopped after ${entries.length} events; narrow the time range (--since, --until) to read them all.`);
      }
      const result = logFindings(detection, source, entries, eventReader(detection, settings));
      if (result.unreadable > 0) {
        warnings.push(`${detection.id}: ${result.unreadable} line(s) could not be read as events (first: ${result.firstError}).`);
      }
      findings.push(...result.findings.map((finding) => ({ ...finding, source: 'loki' })));
    } catch (error) {
      failed.push(detection.id);
      warnings.push(`${detection.id}: ${(error as Error).message}`);
    }
  }

  if (options.loki) {
    warnings.push(...(await findBlindTelemetry(logDetections, findings, failed, settings, options.loki, options.startMs, options.endMs)));
  }

  for (const detection of metricDetections) {
    if (!options.prometheus) {
      warnings.push(`${detection.id}: skipped, because no Prometheus URL was given (--prometheus-url).`);
      skipped.push(detection.id);
      continue;
    }
    try {
      const { query } = compileMetricDetection(detection, metricSelectors(settings), settings.tuning[detection.id]);
      const step = huntStepSeconds(options.startMs, options.endMs);
      const series = await queryRange(options.prometheus, query, options.startMs / 1000, options.endMs / 1000, step, 'Prometheus query');
      findings.push(...metricFindings(detection, series, step * 2).map((finding) => ({ ...finding, source: 'prometheus' })));
    } catch (error) {
      failed.push(detection.id);
      warnings.push(`${detection.id}: ${(error as Error).message}`);
    }
  }
  findings.sort((a, b) => a.time.localeCompare(b.time));
  return { findings, warnings, failed, skipped };
}

/**
 * Checks that each kind of log telemetry whose detections ran and found nothing has any log
 * lines in the range, because a selector that matches no stream makes a hunt look clean.
 * Telemetry with a finding or a failed query needs no check.
 */
async function findBlindTelemetry(
  logDetections: readonly LogDetection[],
  findings: readonly Finding[],
  failed: readonly string[],
  settings: CordonSettings,
  loki: EndpointOptions,
  startMs: number,
  endMs: number
): Promise<string[]> {
  const warnings: string[] = [];
  const telemetries = [...new Set(logDetections.map((detection) => detection.telemetry))];
  for (const telemetry of telemetries) {
    const readers = logDetections.filter((detection) => detection.telemetry === telemetry);
    const ids = new Set(readers.map((detection) => detection.id));
    if (findings.some((finding) => ids.has(finding.detection)) || failed.some((id) => ids.has(id))) {
      continue;
    }
    const selector = formatSelector(logSource(settings, telemetry).selector);
    try {
      if ((await countLogLines(loki, selector, startMs, endMs, 'Loki data check')) === 0) {
        warnings.push(blindTelemetryWarning(telemetry, selector, readers.length, startMs, endMs));
      }
    } catch (error) {
      warnings.push(`${TELEMETRY_NAMES[telemetry]}: failed to check for log lines: ${(error as Error).message}`);
    }
  }
  return warnings;
}

const SELECTOR_SETTINGS: Record<LogTelemetry, string> = { audit: 'auditSelector', falco: 'falcoSelector', runtime: 'runtimeSelector' };

/** Builds the warning for log telemetry that has no lines in the hunt range. */
export function blindTelemetryWarning(telemetry: LogTelemetry, selector: string, detections: number, startMs: number, endMs: number): string {
  return (
    `${TELEMETRY_NAMES[telemetry]}: no log lines match ${selector} from ${new Date(startMs).toISOString()} to ${new Date(endMs).toISOString()}, ` +
    `so ${detections} detection(s) that read it could not see anything. Check the "${SELECTOR_SETTINGS[telemetry]}" setting (--config) and that your log shipper sends to this Loki.` +
    (telemetry === 'falco' ? ' Falco sends an alert only when a rule fires, so a quiet cluster has none either.' : '')
  );
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
