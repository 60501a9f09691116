import { DataQueryRequest, dateTime } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { PLUGIN_ID } from '../../constants';
import type { RunnableCheck } from './presenceQueries';

/** Builds the query model of a presence check in the shape that Grafana's Loki or Prometheus data source reads. */
export function presenceTarget(check: RunnableCheck): DataQuery & Record<string, unknown> {
  const datasource = { uid: check.datasourceUid, type: check.source.datasource };
  if (check.source.datasource === 'loki') {
    return { refId: check.refId, datasource, expr: check.expr, queryType: 'instant' };
  }
  return { refId: check.refId, datasource, expr: check.expr, instant: true, range: false };
}

/** Builds one instant-query request for several checks on the same data source, evaluated at `now` (epoch ms). */
export function presenceRequest(checks: readonly RunnableCheck[], now: number): DataQueryRequest<DataQuery> {
  const to = dateTime(now);
  const from = dateTime(now - 60 * 60 * 1000);
  return {
    app: PLUGIN_ID,
    requestId: `cordon-coverage-${now}`,
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    targets: checks.map(presenceTarget),
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 1,
    scopedVars: {},
    timezone: 'utc',
    startTime: now,
  };
}
