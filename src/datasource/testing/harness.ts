import { DataQueryRequest, DataSourceInstanceSettings, ScopedVars, dateTime } from '@grafana/data';
import { TemplateSrv, getBackendSrv, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import type { Detection } from '../../detections/model';
import type { CordonSettings } from '../../settings';
import { CordonDataSource } from '../datasource';
import type { CordonDataSourceOptions, CordonQuery, LokiTarget, PromTarget } from '../types';
import { TargetResult, dsQueryResponse } from './frames';

/**
 * Test harness for the data source. A test file must mock @grafana/runtime first, keeping the
 * real module and replacing getBackendSrv, getDataSourceSrv and getTemplateSrv with jest.fn().
 */

export const LOKI_UID = 'loki-uid';
export const PROM_UID = 'prom-uid';

export interface FakeSources {
  /** The `query` of the fake Loki data source; each call is one request to Loki. */
  lokiQuery: jest.Mock;
  promQuery: jest.Mock;
  settingsGet: jest.Mock;
}

export interface HarnessOptions {
  jsonData?: Partial<CordonSettings>;
  loki?: (target: LokiTarget) => TargetResult;
  prom?: (target: PromTarget) => TargetResult;
  /** Dashboard variables, by name, with their current value. */
  variables?: Record<string, string | string[]>;
  /** The form of the fake Loki's response: an Observable, as Grafana 12 returns, or a Promise. */
  lokiReturns?: 'observable' | 'promise';
}

const EMPTY: TargetResult = { frames: [] };

/** Installs fake Loki and Prometheus data sources, app settings and template variables. */
export function installFakes(options: HarnessOptions = {}): FakeSources {
  const respond = <T extends { refId: string }>(handler: ((target: T) => TargetResult) | undefined, request: DataQueryRequest<T>) =>
    dsQueryResponse(Object.fromEntries(request.targets.map((target) => [target.refId, handler ? handler(target) : EMPTY])));

  const lokiQuery = jest.fn((request: DataQueryRequest<LokiTarget>) => {
    const response = respond(options.loki, request);
    return options.lokiReturns === 'promise' ? Promise.resolve(response) : of(response);
  });
  const promQuery = jest.fn((request: DataQueryRequest<PromTarget>) => of(respond(options.prom, request)));
  const sources: Record<string, { uid: string; type: string; name: string; query: jest.Mock }> = {
    [LOKI_UID]: { uid: LOKI_UID, type: 'loki', name: 'Loki', query: lokiQuery },
    [PROM_UID]: { uid: PROM_UID, type: 'prometheus', name: 'Prometheus', query: promQuery },
  };
  jest.mocked(getDataSourceSrv).mockReturnValue({
    get: jest.fn(async (uid: string) => {
      if (!sources[uid]) {
        throw new Error(`Datasource ${uid} was not found`);
      }
      return sources[uid];
    }),
    getInstanceSettings: jest.fn((uid: string) => sources[uid]),
  } as unknown as ReturnType<typeof getDataSourceSrv>);

  const jsonData = options.jsonData ?? { lokiUid: LOKI_UID, prometheusUid: PROM_UID };
  const settingsGet = jest.fn(async () => ({ id: 'cordon-detection-app', jsonData }));
  jest.mocked(getBackendSrv).mockReturnValue({ get: settingsGet } as unknown as ReturnType<typeof getBackendSrv>);
  jest.mocked(getTemplateSrv).mockReturnValue(fakeTemplateSrv(options.variables ?? {}));
  return { lokiQuery, promQuery, settingsGet };
}

/**
 * Interpolates `$name` and `${name}` as Grafana's TemplateSrv does for the cases the data source
 * meets: unknown names stay as written, and a format function receives the value and variable.
 */
export function fakeTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  return {
    getVariables: () => [],
    containsTemplate: (target?: string) => /\$\w|\$\{/.test(target ?? ''),
    updateTimeRange: () => undefined,
    replace: (target?: string, _scopedVars?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (match: string, braced?: string, plain?: string) => {
        const name = braced ?? plain ?? '';
        if (!(name in variables)) {
          return match;
        }
        const value = variables[name];
        const variable = { name, current: { value } };
        if (typeof format === 'function') {
          return format(value, variable);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      }),
  };
}

export function createDataSource(catalog?: readonly Detection[]): CordonDataSource {
  const settings = { uid: 'cordon', type: 'cordon-detection-datasource', name: 'Cordon', jsonData: {} } as DataSourceInstanceSettings<CordonDataSourceOptions>;
  return new CordonDataSource(settings, catalog);
}

/** Builds a request as a dashboard panel sends it: the last 6 hours, a 15 s interval. */
export function panelRequest(targets: CordonQuery[], scopedVars: ScopedVars = {}): DataQueryRequest<CordonQuery> {
  const to = dateTime('2026-12-04T12:00:00Z');
  const from = dateTime('2026-12-04T06:00:00Z');
  return {
    requestId: 'Q100',
    range: { from, to, raw: { from: 'now-6h', to: 'now' } },
    rangeRaw: { from: 'now-6h', to: 'now' },
    targets,
    interval: '15s',
    intervalMs: 15000,
    maxDataPoints: 1440,
    scopedVars,
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
    dashboardUID: 'cordon-dash',
    panelId: 7,
  };
}
