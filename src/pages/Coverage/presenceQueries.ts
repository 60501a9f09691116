import { DataFrame, FieldType } from '@grafana/data';
import { LabelMatcher, formatMatchers, formatSelector } from '../../compiler/logql/selector';
import { quoteString } from '../../compiler/quote';
import { CATALOG } from '../../detections/catalog';
import type { Detection } from '../../detections/model';
import { CordonSettings, metricSelectors, streamSelector } from '../../settings';
import { COVERAGE_SOURCES, CoverageSource, metricNames } from './sources';

/** A presence check that can run: its query and the data source it runs on. */
export interface RunnableCheck {
  source: CoverageSource;
  refId: string;
  datasourceUid: string;
  expr: string;
  /** Metrics that must each have a series, for Prometheus sources; empty for Loki. */
  metricNames: string[];
}

/** A presence check before it runs: runnable, or the reason it cannot run. */
export type PresenceCheck =
  | ({ status: 'runnable' } & RunnableCheck)
  | { status: 'not-configured'; source: CoverageSource }
  | { status: 'invalid'; source: CoverageSource; error: string };

function seriesCountExpr(names: readonly string[], extra: LabelMatcher[]): string {
  const matchers = [`__name__=~${quoteString(names.join('|'))}`, ...(extra.length > 0 ? [formatMatchers(extra)] : [])];
  return `count by (__name__) ({${matchers.join(', ')}})`;
}

/**
 * Builds the presence query of one source: for Loki a count of log lines over its lookback, for
 * Prometheus a count of series now per metric that the detections read.
 */
export function presenceExpr(source: CoverageSource, settings: CordonSettings, detections: readonly Detection[] = CATALOG): string {
  switch (source.id) {
    case 'audit':
    case 'falco':
    case 'runtime':
      return `sum(count_over_time(${formatSelector(streamSelector(settings, source.id))} [${source.lookback}]))`;
    case 'cadvisor':
      return seriesCountExpr(metricNames(source, detections), metricSelectors(settings).cadvisor);
    case 'kubeStateMetrics':
      return seriesCountExpr(metricNames(source, detections), metricSelectors(settings).kubeStateMetrics);
  }
}

/** Builds the presence check of every source from the settings, without running anything. */
export function buildPresenceChecks(
  settings: CordonSettings,
  sources: readonly CoverageSource[] = COVERAGE_SOURCES,
  detections: readonly Detection[] = CATALOG
): PresenceCheck[] {
  return sources.map((source) => {
    const datasourceUid = source.datasource === 'loki' ? settings.lokiUid : settings.prometheusUid;
    if (!datasourceUid) {
      return { status: 'not-configured', source };
    }
    try {
      const expr = presenceExpr(source, settings, detections);
      return { status: 'runnable', source, refId: source.id, datasourceUid, expr, metricNames: metricNames(source, detections) };
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

/**
 * Reads series counts per metric name from the result of a `count by (__name__)` query: from a
 * `__name__` column of a table frame, or else from each value field's `__name__` label or name.
 */
export function readMetricCounts(frames: readonly DataFrame[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (name: unknown, value: unknown) => {
    const number = Number(value);
    if (typeof name === 'string' && Number.isFinite(number)) {
      counts.set(name, (counts.get(name) ?? 0) + number);
    }
  };
  for (const frame of frames) {
    const numbers = frame.fields.filter((field) => field.type === FieldType.number);
    const nameColumn = frame.fields.find((field) => field.name === '__name__');
    if (nameColumn) {
      nameColumn.values.forEach((name, row) => numbers.forEach((field) => add(name, field.values[row])));
      continue;
    }
    for (const field of numbers) {
      if (field.values.length > 0) {
        add(field.labels?.__name__ ?? field.name, field.values[field.values.length - 1]);
      }
    }
  }
  return counts;
}
