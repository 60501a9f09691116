import { LINE_FIELD } from './conditions';
import { DEFAULT_FALCO_LABELS, EntityField, FalcoFormat, FalcoLabelNames, FieldAccessor, LogTelemetry } from './telemetry';

/** How an entity field (namespace, pod, ...) is read: the first non-empty path wins. */
export interface EntityRule {
  paths: string[];
  /** Only when this field equals this value, for example a pod name only when the resource is pods. */
  when?: { field: string; equals: string };
  /**
   * Replaces the value read with the value of the first entry whose prefix starts it, or with ""
   * when no entry does, for example a response code with "allowed" or "denied". Values are
   * written into a Go template as they are, so they must not contain "{" or "}".
   */
  byPrefix?: ReadonlyArray<{ prefix: string; value: string }>;
}

/** Applies the byPrefix entries of an entity rule to a value read from an event. */
export function valueByPrefix(value: string, entries: NonNullable<EntityRule['byPrefix']>): string {
  return entries.find((entry) => value.startsWith(entry.prefix))?.value ?? '';
}

/**
 * The outcome of an audited request from its HTTP response code. 101 Switching Protocols opens
 * an exec, attach or port-forward session. 401 and 403 mean that authentication, authorization
 * or admission rejected the request. Other 4xx and 5xx codes mean that it failed, for example on
 * a conflict, an invalid object or a webhook that could not be reached.
 */
export const AUDIT_OUTCOMES = [
  { prefix: '1', value: 'allowed' },
  { prefix: '2', value: 'allowed' },
  { prefix: '401', value: 'denied' },
  { prefix: '403', value: 'denied' },
  { prefix: '4', value: 'failed' },
  { prefix: '5', value: 'failed' },
] as const;

/** How the fields of one kind of log event are stored in Loki and which entities they carry. */
export interface SourceSchema {
  telemetry: LogTelemetry;
  /** Returns where a field lives in Loki, or undefined when this storage format does not keep it. */
  resolve(field: string): FieldAccessor | undefined;
  entities: Partial<Record<EntityField, EntityRule>>;
}

/** Resolves LINE_FIELD to the line and every other field to its JSON path. */
const json = (path: string): FieldAccessor => (path === LINE_FIELD ? { kind: 'line' } : { kind: 'json', path });

/** Kubernetes audit events (audit.k8s.io/v1), one JSON object per line as the API server writes them. */
export const AUDIT_SCHEMA: SourceSchema = {
  telemetry: 'audit',
  resolve: json,
  entities: {
    namespace: { paths: ['objectRef.namespace'] },
    pod: { paths: ['objectRef.name', 'responseObject.metadata.name'], when: { field: 'objectRef.resource', equals: 'pods' } },
    resource: { paths: ['objectRef.resource'] },
    name: { paths: ['objectRef.name', 'responseObject.metadata.name'] },
    user: { paths: ['user.username'] },
    // NOTE: the RequestReceived stage has no response, so where the audit policy logs that stage
    // its outcome is "" and the alert of one request splits into two series.
    outcome: { paths: ['responseStatus.code'], byPrefix: AUDIT_OUTCOMES },
  },
};

/** Docker engine events as `docker events --format '{{json .}}'` prints them. */
export const RUNTIME_SCHEMA: SourceSchema = {
  telemetry: 'runtime',
  resolve: json,
  entities: {
    namespace: { paths: ['Actor.Attributes["io.kubernetes.pod.namespace"]'] },
    pod: { paths: ['Actor.Attributes["io.kubernetes.pod.name"]'] },
    container: { paths: ['Actor.Attributes.name'] },
    image: { paths: ['Actor.Attributes.image', 'from'] },
  },
};

export const FALCO_FIELDS = {
  rule: 'rule',
  priority: 'priority',
  output: 'output',
  hostname: 'hostname',
  namespace: 'output_fields["k8s.ns.name"]',
  pod: 'output_fields["k8s.pod.name"]',
  container: 'output_fields["container.name"]',
  image: 'output_fields["container.image.repository"]',
  user: 'output_fields["user.name"]',
} as const;

const FALCO_ENTITIES: SourceSchema['entities'] = {
  namespace: { paths: [FALCO_FIELDS.namespace] },
  pod: { paths: [FALCO_FIELDS.pod] },
  container: { paths: [FALCO_FIELDS.container] },
  image: { paths: [FALCO_FIELDS.image] },
  user: { paths: [FALCO_FIELDS.user] },
  node: { paths: [FALCO_FIELDS.hostname] },
};

/**
 * Falco alerts. As JSON every field is a JSON path. As text (falcosidekick's default Loki
 * format) the line is only `output`, and rule, priority, host, namespace and pod are stream labels.
 */
export function falcoSchema(format: FalcoFormat, labels: FalcoLabelNames = DEFAULT_FALCO_LABELS): SourceSchema {
  if (format === 'json') {
    return { telemetry: 'falco', resolve: json, entities: FALCO_ENTITIES };
  }
  const byField: Record<string, FieldAccessor> = {
    [FALCO_FIELDS.rule]: { kind: 'streamLabel', name: labels.rule },
    [FALCO_FIELDS.priority]: { kind: 'streamLabel', name: labels.priority },
    [FALCO_FIELDS.hostname]: { kind: 'streamLabel', name: 'hostname' },
    [FALCO_FIELDS.namespace]: { kind: 'streamLabel', name: labels.namespace },
    [FALCO_FIELDS.pod]: { kind: 'streamLabel', name: labels.pod },
    [FALCO_FIELDS.output]: { kind: 'line' },
    [LINE_FIELD]: { kind: 'line' },
  };
  return { telemetry: 'falco', resolve: (field) => byField[field], entities: FALCO_ENTITIES };
}
