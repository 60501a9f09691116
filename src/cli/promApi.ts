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
