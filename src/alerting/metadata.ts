import type { Detection, Severity } from '../detections/model';

export const PLUGIN_ID = 'cordon-detection-app';

/** The source label every Cordon alert carries, for Alertmanager routes and silences. */
export const SOURCE_LABEL = 'cordon';

const MAX_UID_LENGTH = 40;

/**
 * Derives a stable alert rule uid from a detection id. Grafana accepts 1 to 40 characters of
 * [a-zA-Z0-9-_]; a longer id is cut and ends in a hash of the whole id so two ids stay apart.
 */
export function ruleUid(detectionId: string): string {
  const uid = `cordon-${detectionId}`.replace(/[^a-zA-Z0-9_-]/g, '-');
  if (uid.length <= MAX_UID_LENGTH) {
    return uid;
  }
  let hash = 0x811c9dc5;
  for (const char of detectionId) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  const suffix = hash.toString(36);
  return `${uid.slice(0, MAX_UID_LENGTH - suffix.length - 1)}-${suffix}`;
}

/** Labels that route and group an alert, beside the labels its query groups by. */
export function detectionLabels(detection: Detection): Record<string, string> {
  return {
    severity: detection.severity,
    detection: detection.id,
    mitre_technique: detection.technique.id,
    mitre_tactic: detection.technique.tactic.name,
    telemetry: detection.telemetry,
    source: SOURCE_LABEL,
  };
}

/** The runbook page of a detection inside the app, relative to Grafana's root URL. */
export function runbookPath(detectionId: string): string {
  return `/a/${PLUGIN_ID}/runbook/${encodeURIComponent(detectionId)}`;
}

/** Pending periods per severity: the more severe, the sooner an alert fires. */
export const PENDING_PERIOD: Record<Severity, string> = {
  critical: '0s',
  high: '0s',
  medium: '1m',
  low: '5m',
  info: '10m',
};

/** Labels that the runbook page reads from its URL, in this order. */
export const RUNBOOK_PARAMETERS = ['namespace', 'pod', 'container', 'image', 'user', 'node', 'resource', 'name', 'outcome'] as const;

/**
 * Checks and normalizes Grafana's root URL, which makes runbook links absolute so that they
 * work when clicked in chat, e-mail or a pager.
 */
export function normalizeGrafanaUrl(url: string | undefined, origin: string): string {
  if (url === undefined || url.trim() === '') {
    throw new Error(
      `${origin}: Grafana's root URL is missing, so runbook links cannot be absolute. ` +
        'Pass it, for example --grafana-url https://grafana.example.com, the address your users open Grafana at.'
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`${origin}: invalid Grafana URL ${JSON.stringify(url)}; write an absolute URL such as https://grafana.example.com.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${origin}: invalid Grafana URL ${JSON.stringify(url)}; it must start with http:// or https://.`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`${origin}: invalid Grafana URL ${JSON.stringify(url)}; remove the query string and fragment.`);
  }
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * Builds the runbook_url annotation: the app's runbook page for the detection, with the alert's labels
 * as URL parameters through Go templates, which Grafana and Prometheus both render. Only labels
 * the query groups by are passed. `labels` names the label each parameter comes from, such as the
 * node from cAdvisor's instance label. When given, it is the whole list, so a metric detection
 * passes only the labels it maps, because a forged pod label names no pod. Unset, each parameter
 * comes from the label of its own name. The alert time is not known when the
 * annotation is rendered, so notification templates append `&time=` from the alert's StartsAt.
 */
export function runbookUrlTemplate(
  grafanaUrl: string,
  detectionId: string,
  groupBy: readonly string[],
  labels?: Partial<Record<string, string>>
): string {
  const parameters = RUNBOOK_PARAMETERS.flatMap((name) => {
    const label = labels ? labels[name] : name;
    return label !== undefined && groupBy.includes(label) ? [`${name}={{ $labels.${label} | urlquery }}`] : [];
  });
  const query = parameters.length > 0 ? `?${parameters.join('&')}` : '';
  return `${grafanaUrl}${runbookPath(detectionId)}${query}`;
}

/** Summary, description and runbook_url of a detection's alert. */
export function detectionAnnotations(detection: Detection, grafanaUrl: string, groupBy: readonly string[]): Record<string, string> {
  const where = groupBy.includes('pod')
    ? ' in {{ $labels.namespace }}/{{ $labels.pod }}'
    : groupBy.includes('namespace')
      ? ' in namespace {{ $labels.namespace }}'
      : '';
  const context = groupBy
    .filter((label) => label !== 'namespace' && label !== 'pod')
    .map((label) => `${label}={{ $labels.${label} }}`)
    .join(', ');
  return {
    summary: `${detection.title}${where}`,
    description: `${detection.description}${context ? ` (${context})` : ''} ATT&CK ${detection.technique.id} ${detection.technique.name}.`,
    runbook_url: runbookUrlTemplate(grafanaUrl, detection.id, groupBy, detection.kind === 'metric' ? detection.entities : undefined),
  };
}
