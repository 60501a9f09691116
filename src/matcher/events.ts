import type { LogTelemetry } from '../detections/telemetry';
import { mapGkeAuditRecord } from './gke';

/** An event ready for the detections: its telemetry, its object, and the line Loki would hold. */
export interface NormalizedEvent {
  telemetry: LogTelemetry;
  event: Record<string, unknown>;
  /** The text a shipper would store in Loki; line filters run on it. */
  line: string;
  /** Set when the event was taken out of a cloud provider's wrapper. */
  wrapper?: 'aks' | 'gke';
}

/** A value that is valid JSON but not an event Cordon reads, with the reason. */
export interface UnmappedValue {
  unmapped: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An audit.k8s.io Event; core v1 Events also have kind "Event" but no verb. */
function isAuditEvent(value: JsonObject): boolean {
  return value.kind === 'Event' && typeof value.verb === 'string';
}

function isFalcoAlert(value: JsonObject): boolean {
  return typeof value.rule === 'string' && typeof value.output === 'string';
}

function isDockerEvent(value: JsonObject): boolean {
  return typeof value.Type === 'string' && typeof value.Action === 'string' && isObject(value.Actor);
}

/**
 * Classifies one JSON value. `rawLine` is the line as read, reused as the Loki line when the
 * value is the event itself; an event taken out of a wrapper is serialized compactly, as a
 * shipper that unwraps it would write it.
 */
export function normalizeEvent(value: unknown, rawLine?: string): NormalizedEvent | UnmappedValue {
  if (!isObject(value)) {
    return { unmapped: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}` };
  }
  const line = () => rawLine ?? JSON.stringify(value);
  if (isAuditEvent(value)) {
    return { telemetry: 'audit', event: value, line: line() };
  }
  if (isFalcoAlert(value)) {
    return { telemetry: 'falco', event: value, line: line() };
  }
  if (isDockerEvent(value)) {
    return { telemetry: 'runtime', event: value, line: line() };
  }
  if (value.category === 'kube-audit' || value.category === 'kube-audit-admin') {
    return unwrapAks(value);
  }
  if (isObject(value.protoPayload)) {
    const mapped = mapGkeAuditRecord(value);
    if ('unmapped' in mapped) {
      return mapped;
    }
    return { telemetry: 'audit', event: mapped.event, line: JSON.stringify(mapped.event), wrapper: 'gke' };
  }
  return {
    unmapped:
      'not a Kubernetes audit event (kind "Event" with a verb), a Falco alert (rule and output), a Docker event (Type, Action, Actor), ' +
      'an AKS kube-audit record or a GKE audit log record',
  };
}

/** AKS diagnostic records carry the audit event as a JSON string in properties.log. */
function unwrapAks(record: JsonObject): NormalizedEvent | UnmappedValue {
  const properties = record.properties;
  if (!isObject(properties) || typeof properties.log !== 'string') {
    return { unmapped: 'AKS kube-audit record without a string properties.log' };
  }
  let inner: unknown;
  try {
    inner = JSON.parse(properties.log);
  } catch (error) {
    return { unmapped: `AKS kube-audit record whose properties.log is not JSON (${(error as Error).message})` };
  }
  if (!isObject(inner) || !isAuditEvent(inner)) {
    return { unmapped: 'AKS kube-audit record whose properties.log is not an audit event' };
  }
  return { telemetry: 'audit', event: inner, line: properties.log, wrapper: 'aks' };
}
