/**
 * Stands in for @grafana/runtime in the browser harness, which the webpack alias points here.
 * It exports only what Cordon's pages import, with in-memory fakes in place of Grafana's server.
 */
import React from 'react';
import { Observable, of, throwError } from 'rxjs';
import { useLocation } from 'react-router-dom';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { Stack, Text } from '@grafana/ui';
import { FAKE_DATA_SOURCES, getFakeDataSource } from './fakeDataSources';
import { storeJsonData } from './scenarios';

export const config = {
  appUrl: 'http://127.0.0.1/',
  appSubUrl: '',
  bootData: { user: { orgId: 1, login: 'admin' } },
  buildInfo: { version: '12.4.10' },
};

const TITLES: Array<[RegExp, string]> = [
  [/\/coverage$/, 'Telemetry coverage'],
  [/\/runbook\//, 'Runbook'],
  [/.*/, 'Detections'],
];

interface PluginPageProps {
  subTitle?: React.ReactNode;
  actions?: React.ReactNode;
  pageNav?: { text: string };
  children: React.ReactNode;
}

/** Renders the page title and actions the way Grafana's page chrome places them. */
export function PluginPage({ subTitle, actions, pageNav, children }: PluginPageProps) {
  const { pathname } = useLocation();
  const title = pageNav?.text ?? TITLES.find(([pattern]) => pattern.test(pathname))![1];
  return (
    <main style={{ padding: 24, maxWidth: 1400 }}>
      <Stack justifyContent="space-between" alignItems="flex-start">
        <Stack direction="column" gap={1}>
          <Text element="h1">{title}</Text>
          {subTitle && <Text color="secondary">{subTitle}</Text>}
        </Stack>
        {actions}
      </Stack>
      <div style={{ marginTop: 24 }}>{children}</div>
    </main>
  );
}

interface FetchRequest {
  url: string;
  method?: string;
  data?: { jsonData?: unknown };
}

/** Grafana's FetchError shape, which isFetchError recognizes. */
function fetchError(status: number, message: string, request: FetchRequest) {
  return { status, statusText: message, data: { message }, config: request };
}

export function getBackendSrv() {
  return {
    fetch<T>(request: FetchRequest): Observable<{ status: number; data: T }> {
      if (request.url === '/api/plugins/cordon-detection-app/settings' && request.method === 'POST') {
        storeJsonData(request.data?.jsonData ?? {});
        return of({ status: 200, data: { message: 'Plugin settings updated' } as T });
      }
      return throwError(() =>
        fetchError(404, `The harness does not serve ${request.method ?? 'GET'} ${request.url}`, request)
      );
    },
  };
}

export function isFetchError(error: unknown): error is ReturnType<typeof fetchError> {
  return typeof error === 'object' && error !== null && 'status' in error && 'data' in error && 'config' in error;
}

export function getDataSourceSrv() {
  return { get: getFakeDataSource };
}

export function getTemplateSrv() {
  return { replace: (text: string) => text, getVariables: () => [] };
}

export const locationService = {
  reload: () => window.location.reload(),
  getLocation: () => window.location,
};

interface DataSourcePickerProps {
  inputId?: string;
  type?: string;
  current: string | null;
  onChange: (settings: DataSourceInstanceSettings) => void;
  onClear?: () => void;
}

/** Offers the fake data sources of the requested type in a native select. */
export function DataSourcePicker({ inputId, type, current, onChange, onClear }: DataSourcePickerProps) {
  const options = FAKE_DATA_SOURCES.filter((settings) => type === undefined || settings.type === type);
  return (
    <select
      id={inputId}
      value={current ?? ''}
      style={{ width: 480, height: 32 }}
      onChange={(event) => {
        const picked = options.find((settings) => settings.uid === event.currentTarget.value);
        if (picked) {
          onChange(picked as unknown as DataSourceInstanceSettings);
        } else {
          onClear?.();
        }
      }}
    >
      <option value="">Select a data source</option>
      {options.map((settings) => (
        <option key={settings.uid} value={settings.uid}>
          {settings.name}
        </option>
      ))}
    </select>
  );
}
