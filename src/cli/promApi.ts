import type { SeriesSamples } from '../matcher/metricFindings';
import { EndpointOptions, postQuery } from './http';

interface MatrixResponse {
  data?: { resultType?: string; result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }> };
}

/** Runs a PromQL range query and returns its series. */
export async function queryRange(endpoint: EndpointOptions, query: string, startSeconds: number, endSeconds: number, stepSeconds: number, context: string): Promise<SeriesSamples[]> {
  const body = (await postQuery(
    endpoint,
    '/api/v1/query_range',
    { query, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) },
    context
  )) as MatrixResponse;
  if (body.data?.resultType !== 'matrix') {
    throw new Error(`${context}: Prometheus returned result type ${JSON.stringify(body.data?.resultType)} where a range query returns "matrix".`);
  }
  return (body.data.result ?? []).map((series) => ({
    labels: series.metric ?? {},
    samples: (series.values ?? []).map(([time, value]) => [Number(time), Number(value)] as [number, number]),
  }));
}

interface VectorResponse {
  data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
}

/**
 * Counts the series of a selector that have a sample in [startMs, endMs], with one instant query.
 * NOTE: last_over_time reads every sample in the range, so a hunt over weeks makes this query slow.
 */
export async function countSeries(endpoint: EndpointOptions, selector: string, startMs: number, endMs: number, context: string): Promise<number> {
  const rangeSeconds = Math.max(1, Math.ceil((endMs - startMs) / 1000));
  const body = (await postQuery(endpoint, '/api/v1/query', { query: `count(last_over_time(${selector}[${rangeSeconds}s]))`, time: String(endMs / 1000) }, context)) as VectorResponse;
  if (body.data?.resultType !== 'vector') {
    throw new Error(`${context}: Prometheus returned result type ${JSON.stringify(body.data?.resultType)} where an instant query returns "vector".`);
  }
  return (body.data.result ?? []).reduce((total, sample) => total + Number(sample.value?.[1] ?? 0), 0);
}
