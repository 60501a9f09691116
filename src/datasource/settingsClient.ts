import type { BackendSrv } from '@grafana/runtime';
import { CordonSettings, resolveSettings } from '../settings';
import { APP_CONFIG_PATH, APP_ID } from './types';

const SETTINGS_URL = `/api/plugins/${APP_ID}/settings`;

/**
 * Reads the Cordon app's jsonData, where the Loki and Prometheus data sources and the selectors
 * are configured. One data source instance reads them once; a failed read is retried next time.
 *
 * NOTE: a change on the configuration page reaches an open dashboard only after a page reload,
 * because Grafana keeps the data source instance for the whole page.
 */
export class SettingsClient {
  private cached?: Promise<CordonSettings>;

  constructor(private readonly backendSrv: () => BackendSrv) {}

  get(): Promise<CordonSettings> {
    if (!this.cached) {
      this.cached = this.read().catch((error: unknown) => {
        this.cached = undefined;
        throw error;
      });
    }
    return this.cached;
  }

  /** Reads the settings again, bypassing the cache; the connection test uses it. */
  async read(): Promise<CordonSettings> {
    let jsonData: Partial<CordonSettings> | undefined;
    try {
      const response = await this.backendSrv().get<{ jsonData?: Partial<CordonSettings> }>(SETTINGS_URL, undefined, undefined, {
        showErrorAlert: false,
      });
      jsonData = response?.jsonData;
    } catch (error) {
      throw new Error(
        `Failed to read the Cordon app settings from ${SETTINGS_URL}: ${describeError(error)}. ` +
          `Check that the Cordon app is enabled and that you may open it (${APP_CONFIG_PATH}).`
      );
    }
    try {
      return resolveSettings(jsonData);
    } catch (error) {
      throw new Error(`${(error as Error).message} Fix it on the Cordon configuration page (${APP_CONFIG_PATH}).`);
    }
  }
}

/** Describes an error from Grafana's backend service, which rejects with a FetchError object. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'object' && error !== null) {
    const fetchError = error as { status?: number; statusText?: string; data?: { message?: string; error?: string }; message?: string };
    const text = fetchError.data?.message ?? fetchError.data?.error ?? fetchError.message ?? fetchError.statusText;
    if (fetchError.status !== undefined) {
      return `HTTP ${fetchError.status}${text ? ` ${text}` : ''}`;
    }
    if (text) {
      return text;
    }
  }
  return String(error);
}
