import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Grafana's page for the app's settings, where the Configuration nav entry points. */
export const CONFIG_PAGE_URL = `/plugins/${pluginJson.id}`;

/** Routes of the app's pages, relative to PLUGIN_BASE_URL. The page entries in plugin.json use the same paths. */
export enum ROUTES {
  Detections = 'detections',
  Coverage = 'coverage',
  Runbook = 'runbook',
}
