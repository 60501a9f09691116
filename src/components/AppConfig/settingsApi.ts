import { lastValueFrom } from 'rxjs';
import type { PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

/** Stores the app's settings through Grafana's plugin settings API, which needs the Admin role. */
export async function savePluginSettings(
  pluginId: string,
  data: Pick<PluginMeta, 'enabled' | 'pinned' | 'jsonData'>
): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data, showErrorAlert: false })
  );
}

/** Reloads the page, because Grafana passes the new jsonData to the app's pages only on a fresh load. */
export function reloadPage(): void {
  window.location.reload();
}

/** Turns a failed request (Grafana's FetchError or an Error) into a sentence for the form. */
export function describeSaveError(error: unknown): string {
  const { status, data, message } = (error ?? {}) as { status?: number; data?: { message?: string }; message?: string };
  const reason = data?.message ?? message ?? String(error);
  const code = status ? ` (HTTP ${status})` : '';
  return `Saving the settings failed${code}: ${reason}. The form keeps your changes, so correct the cause and save again.`;
}
