import { DataQueryError, FieldType, createDataFrame } from '@grafana/data';
import { formatSelector } from '../compiler/logql/selector';
import type { Detection } from '../detections/model';
import type { LogTelemetry } from '../detections/telemetry';
import { CordonSettings, metricSelectors, streamSelector } from '../settings';
import { PlanContext, QueryPlan, SourceResults, pickSourceHint, subRefId } from './plan';
import { sumInstantValues } from './promFrames';
import { SourceResult, errorFor, framesFor } from './request';
import type { CordonQuery, LokiTarget, PromTarget } from './types';

export type CoverageStatus = 'ok' | 'missing' | 'not configured' | 'error';

type MetricKind = 'cadvisor' | 'kubeStateMetrics';

interface CoverageSpec {
  key: LogTelemetry | MetricKind;
  name: string;
  source: 'Loki' | 'Prometheus';
  /** Detections that read this telemetry. */
  dependents: (catalog: readonly Detection[]) => string[];
  query: (settings: CordonSettings, rangeSeconds: number) => string;
  /** The fix to suggest when the query finds nothing. */
  missingHint: (settings: CordonSettings) => string;
  /** The settings to check when the query fails. */
  errorHint: string;
}

const logDependents = (telemetry: LogTelemetry) => (catalog: readonly Detection[]) =>
  catalog.filter((detection) => detection.kind === 'log' && detection.telemetry === telemetry).map((detection) => detection.id);

/** Metric detections depend on a source when their template splices in its configured matchers. */
const metricDependents = (placeholder: string) => (catalog: readonly Detection[]) =>
  catalog.filter((detection) => detection.kind === 'metric' && detection.query.includes(placeholder)).map((detection) => detection.id);

const logCount = (telemetry: LogTelemetry) => (settings: CordonSettings, rangeSeconds: number) =>
  `sum(count_over_time(${formatSelector(streamSelector(settings, telemetry))}[${rangeSeconds}s]))`;

const seriesCount = (metric: string, kind: MetricKind) => (settings: CordonSettings) => {
  const matchers = metricSelectors(settings)[kind];
  return `count(${metric}${matchers.length > 0 ? formatSelector(matchers) : ''})`;
};

const selectorText = (telemetry: LogTelemetry) => (settings: CordonSettings) => formatSelector(streamSelector(settings, telemetry));

export const COVERAGE_SPECS: readonly CoverageSpec[] = [
  {
    key: 'audit',
    name: 'Kubernetes audit log',
    source: 'Loki',
    dependents: logDependents('audit'),
    query: logCount('audit'),
    missingHint: (settings) =>
      `No lines matched ${selectorText('audit')(settings)} in this time range. Turn on API server auditing (--audit-policy-file and ` +
      '--audit-log-path, or the audit log export of your managed cluster), ship the log to Loki, and set the audit log selector on the Cordon configuration page.',
    errorHint: 'Check the audit log selector on the Cordon configuration page and the Loki data source.',
  },
  {
    key: 'falco',
    name: 'Falco alerts',
    source: 'Loki',
    dependents: logDependents('falco'),
    query: logCount('falco'),
    missingHint: (settings) =>
      `No lines matched ${selectorText('falco')(settings)} in this time range. Run Falco with falcosidekick's Loki output, ` +
      'or set the Falco alert selector on the Cordon configuration page to the labels your alerts carry.',
    errorHint: 'Check the Falco alert selector on the Cordon configuration page and the Loki data source.',
  },
  {
    key: 'runtime',
    name: 'Container runtime events',
    source: 'Loki',
    dependents: logDependents('runtime'),
    query: logCount('runtime'),
    missingHint: (settings) =>
      `No lines matched ${selectorText('runtime')(settings)} in this time range. Ship Docker engine events ` +
      `(docker events --format '{{json .}}') to Loki, or set the runtime event selector on the Cordon configuration page.`,
    errorHint: 'Check the runtime event selector on the Cordon configuration page and the Loki data source.',
  },
  {
    key: 'cadvisor',
    name: 'cAdvisor container metrics',
    source: 'Prometheus',
    dependents: metricDependents('${cadvisorMatchers}'),
    query: seriesCount('container_network_transmit_bytes_total', 'cadvisor'),
    missingHint: () =>
      'No container_network_transmit_bytes_total series matched. Scrape the kubelet\'s /metrics/cadvisor endpoint with Prometheus, ' +
      'or change the cAdvisor matchers on the Cordon configuration page.',
    errorHint: 'Check the cAdvisor matchers on the Cordon configuration page and the Prometheus data source.',
  },
  {
    key: 'kubeStateMetrics',
    name: 'kube-state-metrics',
    source: 'Prometheus',
    dependents: metricDependents('${kubeStateMetricsMatchers}'),
    query: seriesCount('kube_pod_container_info', 'kubeStateMetrics'),
    missingHint: () =>
      'No kube_pod_container_info series matched. Deploy kube-state-metrics and scrape it with Prometheus, ' +
      'or change the kube-state-metrics matchers on the Cordon configuration page.',
    errorHint: 'Check the kube-state-metrics matchers on the Cordon configuration page and the Prometheus data source.',
  },
];

export interface CoverageRow {
  telemetry: string;
  source: string;
  status: CoverageStatus;
  /** Log lines (Loki) or series (Prometheus) seen; null when the query did not run or failed. */
  seen: number | null;
  detections: string[];
  hint: string;
}

/**
 * Plans a `coverage` query: one instant count per kind of telemetry over the dashboard's range,
 * Loki counts of log lines and Prometheus counts of series. A detection without its telemetry
 * finds nothing, so this table shows which detections are blind and how to fix it.
 *
 * NOTE: counting log lines over a long range reads every matching line; Loki's
 * max_query_length (721h by default) rejects ranges longer than that, and the row shows the error.
 */
export function planCoverage(query: CordonQuery, context: PlanContext): QueryPlan {
  const { settings } = context;
  const rangeSeconds = Math.max(1, Math.round((context.range.to.valueOf() - context.range.from.valueOf()) / 1000));
  const loki: LokiTarget[] = [];
  const prom: PromTarget[] = [];
  const planned = new Map<string, string>();
  const failures = new Map<string, string>();

  for (const spec of COVERAGE_SPECS) {
    const refId = subRefId(query.refId, `coverage-${spec.key}`);
    const uid = spec.source === 'Loki' ? settings.lokiUid : settings.prometheusUid;
    if (!uid) {
      continue;
    }
    try {
      const expr = spec.query(settings, rangeSeconds);
      if (spec.source === 'Loki') {
        loki.push({ refId, expr, queryType: 'instant' });
      } else {
        prom.push({ refId, expr, range: false, instant: true, format: 'time_series' });
      }
      planned.set(spec.key, refId);
    } catch (error) {
      failures.set(spec.key, (error as Error).message);
    }
  }

  return {
    loki,
    prom,
    build: (results) => ({
      frames: [coverageFrame(query.refId, coverageRows(context, results, planned, failures))],
      errors: [] as DataQueryError[],
    }),
  };
}

function coverageRows(context: PlanContext, results: SourceResults, planned: Map<string, string>, failures: Map<string, string>): CoverageRow[] {
  return COVERAGE_SPECS.map((spec): CoverageRow => {
    const base = { telemetry: spec.name, source: spec.source, detections: spec.dependents(context.catalog) };
    const refId = planned.get(spec.key);
    const failure = failures.get(spec.key);
    if (failure !== undefined) {
      return { ...base, status: 'error', seen: null, hint: `${failure} ${spec.errorHint}` };
    }
    if (refId === undefined) {
      return { ...base, status: 'not configured', seen: null, hint: pickSourceHint(spec.source) };
    }
    const result: SourceResult = spec.source === 'Loki' ? results.loki : results.prom;
    const error = errorFor(result, refId);
    if (error !== undefined) {
      return { ...base, status: 'error', seen: null, hint: `The ${spec.source} query failed: ${error}. ${spec.errorHint}` };
    }
    const seen = sumInstantValues(framesFor(result, refId));
    return seen > 0 ? { ...base, status: 'ok', seen, hint: '' } : { ...base, status: 'missing', seen: 0, hint: spec.missingHint(context.settings) };
  });
}

export function coverageFrame(refId: string, rows: readonly CoverageRow[]) {
  return createDataFrame({
    refId,
    name: 'Coverage',
    fields: [
      { name: 'telemetry', type: FieldType.string, values: rows.map((row) => row.telemetry) },
      { name: 'source', type: FieldType.string, values: rows.map((row) => row.source) },
      { name: 'status', type: FieldType.string, values: rows.map((row) => row.status) },
      { name: 'seen', type: FieldType.number, values: rows.map((row) => row.seen) },
      { name: 'detections', type: FieldType.string, values: rows.map((row) => row.detections.join(', ')) },
      { name: 'hint', type: FieldType.string, values: rows.map((row) => row.hint) },
    ],
    meta: { preferredVisualisationType: 'table' },
  });
}
