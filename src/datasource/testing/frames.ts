import type { DataFrameJSON, DataQueryResponse } from '@grafana/data';
import { toDataQueryResponse } from '@grafana/runtime';

/**
 * Test helpers that build responses the way Grafana 12's Loki and Prometheus data sources
 * return them: frames in the JSON of /api/ds/query (pkg/tsdb/loki and pkg/promlib), turned into
 * DataFrames by the same toDataQueryResponse that those data sources call. The JSON is written
 * as it travels on the wire, with field types as strings, hence the casts.
 */

export interface LokiTestEntry {
  labels: Record<string, string>;
  line: string;
  /** Nanosecond epoch as a decimal string, as Loki returns it. */
  tsNs: string;
}

export type LokiFrameShape = 'classic' | 'dataplane';

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** Builds one log frame for all streams of a query, in the field order of Loki's frame.go. */
export function lokiLogFrame(refId: string, entries: readonly LokiTestEntry[], shape: LokiFrameShape = 'classic'): DataFrameJSON {
  const millis = entries.map((entry) => Number(BigInt(entry.tsNs) / BigInt(1_000_000)));
  const nanos = entries.map((entry) => Number(BigInt(entry.tsNs) % BigInt(1_000_000)));
  const labels = entries.map((entry) => sortedLabels(entry.labels));
  const labelTypes = entries.map((entry) => Object.fromEntries(Object.keys(entry.labels).map((name) => [name, 'I'])));
  const ids = entries.map((entry, index) => `${entry.tsNs}_${index.toString(16)}`);
  const lines = entries.map((entry) => entry.line);
  const hidden = { custom: { hidden: true } };
  if (shape === 'dataplane') {
    return {
      schema: {
        refId,
        meta: { type: 'log-lines', typeVersion: [0, 0], custom: { frameType: 'LabeledTimeValues' } },
        fields: [
          { name: 'attributes', type: 'other', typeInfo: { frame: 'json.RawMessage' } },
          { name: 'timestamp', type: 'time', typeInfo: { frame: 'time.Time' } },
          { name: 'body', type: 'string', typeInfo: { frame: 'string' } },
          { name: 'labelTypes', type: 'other', typeInfo: { frame: 'json.RawMessage' }, config: hidden },
          { name: 'id', type: 'string', typeInfo: { frame: 'string' } },
        ],
      },
      data: { values: [labels, millis, lines, labelTypes, ids], nanos: [null, nanos, null, null, null] },
    } as unknown as DataFrameJSON;
  }
  return {
    schema: {
      refId,
      meta: { custom: { frameType: 'LabeledTimeValues' }, stats: [{ displayName: 'Summary: total lines processed', value: entries.length }] },
      fields: [
        { name: 'labels', type: 'other', typeInfo: { frame: 'json.RawMessage' } },
        { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
        { name: 'Line', type: 'string', typeInfo: { frame: 'string' } },
        { name: 'tsNs', type: 'string', typeInfo: { frame: 'string' } },
        { name: 'labelTypes', type: 'other', typeInfo: { frame: 'json.RawMessage' }, config: hidden },
        { name: 'id', type: 'string', typeInfo: { frame: 'string' } },
      ],
    },
    data: {
      values: [labels, millis, lines, entries.map((entry) => entry.tsNs), labelTypes, ids],
      nanos: [null, nanos, null, null, null, null],
    },
  } as unknown as DataFrameJSON;
}

export interface PromTestSeries {
  /** The metric name, which names the value field; without one the field is "Value". */
  name?: string;
  labels: Record<string, string>;
  points: Array<[number, number | null]>;
}

/** Builds one frame per series, the value field carrying the labels, as pkg/promlib's converter writes them. */
export function promFrames(refId: string, series: readonly PromTestSeries[], options: { stepMs: number; resultType: 'matrix' | 'vector' }): DataFrameJSON[] {
  return series.map(
    (item) =>
      ({
        schema: {
          refId,
          meta: { type: 'timeseries-multi', typeVersion: [0, 1], custom: { resultType: options.resultType }, executedQueryString: `Expr: query ${refId}` },
          fields: [
            { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: options.stepMs } },
            { name: item.name ?? 'Value', type: 'number', typeInfo: { frame: 'float64', nullable: true }, labels: item.labels, config: {} },
          ],
        },
        data: { values: [item.points.map(([time]) => time), item.points.map(([, value]) => value)] },
      }) as unknown as DataFrameJSON
  );
}

/** Builds the table frame that Grafana's Loki frontend makes of an instant metric query. */
export function lokiInstantTable(refId: string, time: number, value: number): DataFrameJSON {
  return {
    schema: {
      refId,
      meta: { preferredVisualisationType: 'table' },
      fields: [
        { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
        { name: `Value #${refId}`, type: 'number', typeInfo: { frame: 'float64' } },
      ],
    },
    data: { values: [[time], [value]] },
  } as unknown as DataFrameJSON;
}

/** The result of the fake data source for one target: frames, or an error for that refId. */
export type TargetResult = { frames: DataFrameJSON[] } | { error: string };

/** Builds the DataQueryResponse of a request from /api/ds/query JSON, as the data sources do. */
export function dsQueryResponse(results: Record<string, TargetResult>): DataQueryResponse {
  const body: Record<string, { status: number; frames?: DataFrameJSON[]; error?: string }> = {};
  for (const [refId, result] of Object.entries(results)) {
    body[refId] = 'error' in result ? { status: 400, error: result.error } : { status: 200, frames: result.frames };
  }
  return toDataQueryResponse({ data: { results: body } } as Parameters<typeof toDataQueryResponse>[0]);
}
