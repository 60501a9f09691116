import { LabelMatcher, formatMatchers } from '../compiler/logql/selector';
import type { SeriesSamples } from '../matcher/metricFindings';
import { EndpointOptions, getQuery, postQuery } from './http';

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

/**
 * Lists which of the metric names have a series that matches the extra matchers in
 * [startMs, endMs]. The label values API reads only the index, so it stays cheap over a long
 * range. Metric names contain no regex metacharacters, so they are joined unescaped.
 */
export async function presentMetricNames(
  endpoint: EndpointOptions,
  names: readonly string[],
  extraMatchers: LabelMatcher[],
  startMs: number,
  endMs: number,
  context: string
): Promise<string[]> {
  const selector = `{${formatMatchers([{ label: '__name__', operator: '=~', value: names.join('|') }, ...extraMatchers])}}`;
  const params = new URLSearchParams({ 'match[]': selector, start: String(startMs / 1000), end: String(endMs / 1000) });
  const body = (await getQuery(endpoint, '/api/v1/label/__name__/values', params, context)) as { data?: unknown };
  if (!Array.isArray(body.data)) {
    throw new Error(`${context}: Prometheus returned ${JSON.stringify(body).slice(0, 200)} where the label values API returns a list.`);
  }
  return body.data.filter((name): name is string => typeof name === 'string');
}
