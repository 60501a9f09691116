import { DataFrame, FieldType } from '@grafana/data';
import type { SeriesSamples } from '../matcher/metricFindings';

export interface SeriesRead {
  series: SeriesSamples[];
  /** The query step in seconds, from the time field's `config.interval` or the closest samples. */
  stepSeconds?: number;
}

/**
 * Reads Prometheus range frames: one frame per series, a time field, and a value field that
 * carries the series labels (named after `__name__` or `Value`). Null and NaN samples are left
 * out, so they end a run of samples.
 */
export function readSeries(frames: readonly DataFrame[]): SeriesRead {
  const series: SeriesSamples[] = [];
  let intervalMs: number | undefined;
  let closestGap = Infinity;
  for (const frame of frames) {
    const time = frame.fields.find((field) => field.type === FieldType.time);
    if (!time) {
      continue;
    }
    intervalMs ??= time.config.interval ?? undefined;
    for (let index = 1; index < time.values.length; index++) {
      const gap = Number(time.values[index]) - Number(time.values[index - 1]);
      if (gap > 0) {
        closestGap = Math.min(closestGap, gap);
      }
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const samples: Array<[number, number]> = [];
      field.values.forEach((value: unknown, index: number) => {
        if (typeof value === 'number' && Number.isFinite(value)) {
          samples.push([Number(time.values[index]) / 1000, value]);
        }
      });
      series.push({ labels: { ...(field.labels ?? {}) }, samples });
    }
  }
  const stepMs = intervalMs ?? (Number.isFinite(closestGap) ? closestGap : undefined);
  return { series, stepSeconds: stepMs === undefined ? undefined : stepMs / 1000 };
}

/**
 * Adds up the values of instant query frames. Both shapes count: one numeric frame per series,
 * and the table frame (`Time`, label columns, `Value #<refId>`) that Grafana's Loki frontend
 * builds for instant queries. No frames, or frames without rows, give 0.
 */
export function sumInstantValues(frames: readonly DataFrame[]): number {
  let total = 0;
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      for (const value of field.values) {
        if (typeof value === 'number' && Number.isFinite(value)) {
          total += value;
        }
      }
    }
  }
  return total;
}
