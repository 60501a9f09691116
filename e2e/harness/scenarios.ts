import type { CordonSettings } from '../../src/settings';

/** Settings the harness starts with, chosen by the URL parameter `scenario`. */
export const SCENARIOS: Record<string, Partial<CordonSettings>> = {
  /** Both data sources picked and default selectors: every page has something to show. */
  configured: { lokiUid: 'loki-harness', prometheusUid: 'prometheus-harness' },
  /** Nothing stored yet, as right after installing the app. */
  fresh: {},
  /** A stored audit log selector without braces, which the pages must explain instead of crashing. */
  invalid: { lokiUid: 'loki-harness', auditSelector: 'job="kubernetes-audit"' },
};

const STORAGE_KEY = 'cordon-harness-json-data';

/** Reads the jsonData to start with: what the configuration page saved in this tab, else the URL's scenario. */
export function initialJsonData(): Partial<CordonSettings> {
  const saved = window.sessionStorage.getItem(STORAGE_KEY);
  if (saved) {
    return JSON.parse(saved);
  }
  const scenario = new URLSearchParams(window.location.search).get('scenario') ?? 'configured';
  const jsonData = SCENARIOS[scenario];
  if (!jsonData) {
    throw new Error(
      `Unknown harness scenario ${JSON.stringify(scenario)}; use one of ${Object.keys(SCENARIOS).join(', ')}.`
    );
  }
  return jsonData;
}

/** Keeps the jsonData that the configuration page saves, so that the reload after saving shows it. */
export function storeJsonData(jsonData: unknown): void {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(jsonData));
}
