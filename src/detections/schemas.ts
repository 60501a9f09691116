import { DEFAULT_FALCO_LABELS, EntityField, FalcoFormat, FalcoLabelNames, FieldAccessor, LogTelemetry } from './telemetry';

/** How an entity field (namespace, pod, ...) is read: the first non-empty path wins. */
export interface EntityRule {
  paths: string[];
  /** Only when this field equals this value, for example a pod name only when the resource is pods. */
  when?: { field: string; equals: string };
}

/** How the fields of one kind of log event are stored in Loki and which entities they carry. */
export interface SourceSchema {
  telemetry: LogTelemetry;
  /** Returns where a field lives in Loki, or undefined when this storage format does not keep it. */
  resolve(field: string): FieldAccessor | undefined;
  entities: Partial<Record<EntityField, EntityRule>>;
}

const json = (path: string): FieldAccessor => ({ kind: 'json', path });

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
  };
  return { telemetry: 'falco', resolve: (field) => byField[field], entities: FALCO_ENTITIES };
}
