import { isObservable, lastValueFrom } from 'rxjs';
import type { DataQueryResponse, DataSourceApi } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { PresenceCheck, RunnableCheck, readCount, readMetricCounts } from './presenceQueries';
import { presenceRequest } from './presenceRequest';
import type { CoverageSourceId } from './sources';

/** The outcome of the presence check of one source. */
export type PresenceResult =
  | { status: 'receiving' | 'missing'; count: number; expr: string; absentMetrics: string[] }
  | { status: 'not-configured' }
  | { status: 'error'; error: string; expr?: string };

/** The data source lookup that runPresenceChecks needs. Grafana's DataSourceSrv implements it in the app. */
export interface DataSourceLookup {
  get(uid: string): Promise<DataSourceApi>;
}

async function queryOnce(datasource: DataSourceApi, checks: readonly RunnableCheck[], now: number): Promise<DataQueryResponse> {
  const response = datasource.query(presenceRequest(checks, now));
  return isObservable(response) ? lastValueFrom(response) : response;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'object' && error !== null) {
    const { message, data } = error as { message?: unknown; data?: { message?: unknown } };
    if (typeof data?.message === 'string') {
      return data.message;
    }
    if (typeof message === 'string') {
      return message;
    }
  }
  return String(error);
}

function resultOf(check: RunnableCheck, response: DataQueryResponse): PresenceResult {
  const error = (response.errors ?? []).find((candidate) => candidate.refId === undefined || candidate.refId === check.refId);
  if (error) {
    return { status: 'error', error: error.message ?? error.data?.message ?? 'the query failed without a message', expr: check.expr };
  }
  const frames = response.data.filter((frame) => frame.refId === undefined || frame.refId === check.refId);
  const count = readCount(frames);
  const absentMetrics = absentMetricsOf(check, frames, count);
  return { status: count > 0 && absentMetrics.length === 0 ? 'receiving' : 'missing', count, expr: check.expr, absentMetrics };
}

/**
 * Lists the checked metrics without a series. When no returned series carries a checked name,
 * as with a data source that renames value fields, a non-zero count is trusted instead.
 */
function absentMetricsOf(check: RunnableCheck, frames: DataQueryResponse['data'], count: number): string[] {
  const counts = readMetricCounts(frames);
  const recognized = check.metricNames.some((name) => counts.has(name));
  if (!recognized && count > 0) {
    return [];
  }
  return check.metricNames.filter((name) => (counts.get(name) ?? 0) <= 0);
}

async function runGroup(lookup: DataSourceLookup, uid: string, checks: RunnableCheck[], now: number): Promise<Array<[CoverageSourceId, PresenceResult]>> {
  let datasource: DataSourceApi;
  try {
    datasource = await lookup.get(uid);
  } catch (error) {
    const message = `Data source ${JSON.stringify(uid)} was not found (${errorMessage(error)}). Pick an existing one on the configuration page.`;
    return checks.map((check) => [check.source.id, { status: 'error', error: message, expr: check.expr }]);
  }
  try {
    const response = await queryOnce(datasource, checks, now);
    return checks.map((check) => [check.source.id, resultOf(check, response)]);
  } catch (error) {
    const message = `The query to ${datasource.name} failed: ${errorMessage(error)}`;
    return checks.map((check) => [check.source.id, { status: 'error', error: message, expr: check.expr }]);
  }
}

/** Runs every runnable check, one request per data source, and returns a result for every check. */
export async function runPresenceChecks(
  checks: readonly PresenceCheck[],
  lookup: DataSourceLookup = getDataSourceSrv(),
  now = Date.now()
): Promise<Map<CoverageSourceId, PresenceResult>> {
  const results = new Map<CoverageSourceId, PresenceResult>();
  const groups = new Map<string, RunnableCheck[]>();
  for (const check of checks) {
    if (check.status === 'not-configured') {
      results.set(check.source.id, { status: 'not-configured' });
    } else if (check.status === 'invalid') {
      results.set(check.source.id, { status: 'error', error: check.error });
    } else {
      groups.set(check.datasourceUid, [...(groups.get(check.datasourceUid) ?? []), check]);
    }
  }
  const settled = await Promise.all([...groups].map(([uid, group]) => runGroup(lookup, uid, group, now)));
  for (const [id, result] of settled.flat()) {
    results.set(id, result);
  }
  return results;
}
