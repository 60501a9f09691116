import { DataFrame, DataQueryRequest, DataQueryResponse, DataSourceApi, isDataFrame, toDataFrame } from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';
import { Observable, isObservable, lastValueFrom } from 'rxjs';
import { describeError } from './settingsClient';

/** The frames and errors of one request to Loki or Prometheus, for the queries that went into it. */
export interface SourceResult {
  frames: DataFrame[];
  /** Error messages by the refId of the query that failed. */
  errors: Map<string, string>;
  /** The error of the request as a whole, which every query of it shares. */
  failure?: string;
}

export const EMPTY_RESULT: SourceResult = { frames: [], errors: new Map() };

export function failedResult(message: string): SourceResult {
  return { frames: [], errors: new Map(), failure: message };
}

export function framesFor(result: SourceResult, refId: string): DataFrame[] {
  return result.frames.filter((frame) => frame.refId === refId);
}

export function errorFor(result: SourceResult, refId: string): string | undefined {
  return result.errors.get(refId) ?? result.failure;
}

/**
 * Builds the request for another data source from the Cordon request: same time range, interval,
 * variables and dashboard context, with the given targets, each pointed at that data source.
 */
export function buildSubRequest<Q extends DataQuery>(parent: DataQueryRequest<DataQuery>, targets: Q[], datasource: DataSourceRef, suffix: string): DataQueryRequest<Q> {
  return {
    requestId: `${parent.requestId}-${suffix}`,
    range: parent.range,
    rangeRaw: parent.rangeRaw,
    targets: targets.map((target) => ({ ...target, datasource })),
    interval: parent.interval,
    intervalMs: parent.intervalMs,
    maxDataPoints: parent.maxDataPoints,
    scopedVars: parent.scopedVars,
    timezone: parent.timezone,
    app: parent.app,
    startTime: Date.now(),
    dashboardUID: parent.dashboardUID,
    panelId: parent.panelId,
    panelName: parent.panelName,
    panelPluginId: parent.panelPluginId,
  };
}

/**
 * Runs one request through another data source's `query()`, which Grafana 12 implements as an
 * Observable or a Promise. An Observable may emit partial results first (Loki splits long
 * ranges), so only its last response counts.
 */
export async function runSubRequest<Q extends DataQuery>(datasource: DataSourceApi<Q>, request: DataQueryRequest<Q>): Promise<SourceResult> {
  let response: DataQueryResponse;
  try {
    const output = datasource.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
    response = isObservable(output) ? await lastValueFrom(output, { defaultValue: { data: [] } }) : await output;
  } catch (error) {
    return failedResult(describeError(error));
  }

  const frames = (response.data ?? []).map((data: unknown) => (isDataFrame(data) ? data : toDataFrame(data)));
  const errors = new Map<string, string>();
  let failure: string | undefined;
  for (const error of response.errors ?? []) {
    const message = error.message ?? error.data?.message ?? 'unknown error';
    if (error.refId) {
      errors.set(error.refId, message);
    } else {
      failure ??= message;
    }
  }
  return { frames, errors, failure };
}
