/** The kinds of telemetry a detection reads. */
export type LogTelemetry = 'audit' | 'falco' | 'runtime';
export type Telemetry = LogTelemetry | 'metrics';

export const TELEMETRY_NAMES: Record<Telemetry, string> = {
  audit: 'Kubernetes audit log (Loki)',
  falco: 'Falco alerts (Loki)',
  runtime: 'Container runtime events (Loki)',
  metrics: 'Container and cluster metrics (Prometheus)',
};

/** Where a field of an event lives once the event is stored in Loki. */
export type FieldAccessor =
  | { kind: 'json'; path: string }
  | { kind: 'streamLabel'; name: string }
  | { kind: 'line' };

/**
 * The entity fields every finding and alert carries, where the telemetry has them. `outcome` is
 * what the API server did with an audited request: allowed, denied or failed.
 */
export type EntityField = 'namespace' | 'pod' | 'container' | 'image' | 'user' | 'node' | 'resource' | 'name' | 'outcome';

/** Falco alerts reach Loki as text (falcosidekick's default) or as Falco's JSON. */
export type FalcoFormat = 'text' | 'json';

/** Stream labels that falcosidekick's Loki output sets, configurable because versions differ. */
export interface FalcoLabelNames {
  rule: string;
  priority: string;
  namespace: string;
  pod: string;
}

export const DEFAULT_FALCO_LABELS: FalcoLabelNames = {
  rule: 'rule',
  priority: 'priority',
  namespace: 'k8s_ns_name',
  pod: 'k8s_pod_name',
};
