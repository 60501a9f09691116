import { DataFrame, FieldType } from '@grafana/data';
import { formatMatchers, formatSelector } from '../../compiler/logql/selector';
import { CordonSettings, metricSelectors, streamSelector } from '../../settings';
import { COVERAGE_SOURCES, CoverageSource } from './sources';

/** A presence check that can run: its query and the data source it runs on. */
export interface RunnableCheck {
  source: CoverageSource;
  refId: string;
  datasourceUid: string;
  expr: string;
}

/** A presence check before it runs: runnable, or the reason it cannot run. */
export type PresenceCheck =
  | ({ status: 'runnable' } & RunnableCheck)
  | { status: 'not-configured'; source: CoverageSource }
  | { status: 'invalid'; source: CoverageSource; error: string };

/** Builds the presence query of one source: a count of log lines over its lookback, or a count of series now. */
export function presenceExpr(source: CoverageSource, settings: CordonSettings): string {
  switch (source.id) {
    case 'audit':
    case 'falco':
    case 'runtime':
      return `sum(count_over_time(${formatSelector(streamSelector(settings, source.id))} [${source.lookback}]))`;
    case 'cadvisor':
      return `count(container_cpu_usage_seconds_total{${formatMatchers(metricSelectors(settings).cadvisor)}})`;
    case 'kubeStateMetrics':
      return `count(kube_pod_info{${formatMatchers(metricSelectors(settings).kubeStateMetrics)}})`;
  }
}

/** Builds the presence check of every source from the settings, without running anything. */
export function buildPresenceChecks(settings: CordonSettings, sources: readonly CoverageSource[] = COVERAGE_SOURCES): PresenceCheck[] {
  return sources.map((source) => {
    const datasourceUid = source.datasource === 'loki' ? settings.lokiUid : settings.prometheusUid;
    if (!datasourceUid) {
      return { status: 'not-configured', source };
    }
    try {
      return { status: 'runnable', source, refId: source.id, datasourceUid, expr: presenceExpr(source, settings) };
    } catch (error) {
      return { status: 'invalid', source, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

/**
 * Reads the count that a presence query returned. Loki and Prometheus return an instant query result
 * with one frame per series or with one table frame, so this sums the last number of every
 * number field. No frame, or frames without rows, is an empty result: zero.
 */
export function readCount(frames: readonly DataFrame[]): number {
  let total = 0;
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number || field.values.length === 0) {
        continue;
      }
      const value = Number(field.values[field.values.length - 1]);
      if (Number.isFinite(value)) {
        total += value;
      }
    }
  }
  return total;
}
