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
