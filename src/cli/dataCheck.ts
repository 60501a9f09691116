import { formatSelector } from '../compiler/logql/selector';
import type { Detection, LogDetection, MetricDetection } from '../detections/model';
import { LogTelemetry, TELEMETRY_NAMES } from '../detections/telemetry';
import type { Finding } from '../matcher/findings';
import { COVERAGE_SOURCES, metricNames } from '../pages/Coverage/sources';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import type { EndpointOptions } from './http';
import { hasLogStreams } from './lokiApi';
import { presentMetricNames } from './promApi';

/** Decides whether telemetry needs a data check: a finding proves that it arrives, and a failed query was already reported. */
function needsCheck(readers: readonly Detection[], findings: readonly Finding[], failed: readonly string[]): boolean {
  const ids = new Set(readers.map((detection) => detection.id));
  return readers.length > 0 && !findings.some((finding) => ids.has(finding.detection)) && !failed.some((id) => ids.has(id));
}

/**
 * Checks that each kind of log telemetry whose detections ran and found nothing has any log
 * lines in the range, because a selector that matches no stream makes a hunt look clean.
 * Telemetry with a finding or a failed query needs no check.
 */
export async function checkLogData(
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
    if (!needsCheck(readers, findings, failed)) {
      continue;
    }
    const selector = formatSelector(logSource(settings, telemetry).selector);
    try {
      if (!(await hasLogStreams(loki, selector, startMs, endMs, 'Loki data check'))) {
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

const MATCHER_SETTINGS: Record<string, string> = { cadvisor: 'cadvisorMatchers', kubeStateMetrics: 'kubeStateMetricsMatchers' };

/**
 * Checks that every metric the metric detections read has a series in the range, for each
 * Prometheus source whose detections ran and found nothing, as checkLogData does for Loki.
 */
export async function checkMetricData(
  metricDetections: readonly MetricDetection[],
  findings: readonly Finding[],
  failed: readonly string[],
  settings: CordonSettings,
  prometheus: EndpointOptions,
  startMs: number,
  endMs: number
): Promise<string[]> {
  const warnings: string[] = [];
  const selectors = metricSelectors(settings);
  for (const source of COVERAGE_SOURCES.filter((candidate) => candidate.datasource === 'prometheus')) {
    const readers = metricDetections.filter((detection) => source.reads(detection));
    if (!needsCheck(readers, findings, failed)) {
      continue;
    }
    const extra = source.id === 'cadvisor' ? selectors.cadvisor : selectors.kubeStateMetrics;
    const names = metricNames(source, readers);
    let missing: string[];
    try {
      const present = await presentMetricNames(prometheus, names, extra, startMs, endMs, 'Prometheus data check');
      missing = names.filter((name) => !present.includes(name));
    } catch (error) {
      warnings.push(`${source.name}: failed to check for series: ${(error as Error).message}`);
      continue;
    }
    if (missing.length > 0) {
      warnings.push(
        `${source.name}: no series of ${missing.join(', ')} in Prometheus from ${new Date(startMs).toISOString()} to ${new Date(endMs).toISOString()}, ` +
          `so ${readers.length} detection(s) that read it could not see anything. Check the "${MATCHER_SETTINGS[source.id]}" setting (--config) and that Prometheus scrapes ${source.name}.`
      );
    }
  }
  return warnings;
}
