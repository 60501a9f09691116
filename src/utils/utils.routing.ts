import { runbookPath } from '../alerting/metadata';
import { PLUGIN_BASE_URL } from '../constants';

/** Prefixes a route with the base URL of the app. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** Builds the address of a detection's runbook page, with alert labels such as namespace and pod as URL parameters. */
export function runbookRoute(detectionId: string, labels: Record<string, string> = {}): string {
  const query = new URLSearchParams(labels).toString();
  return runbookPath(detectionId) + (query ? `?${query}` : '');
}
