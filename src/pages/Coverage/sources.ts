import type { Detection } from '../../detections/model';
import type { LogTelemetry } from '../../detections/telemetry';
import type { CordonSettings } from '../../settings';

export type CoverageSourceId = LogTelemetry | 'cadvisor' | 'kubeStateMetrics';

/** One source of telemetry whose presence the Coverage page checks. */
export interface CoverageSource {
  id: CoverageSourceId;
  name: string;
  datasource: 'loki' | 'prometheus';
  /** Range the presence query counts over: Loki log lines in this range, or Prometheus series now. */
  lookback: string;
  /** Steps that make the telemetry arrive, built from the configured selectors and labels. */
  fix: (settings: CordonSettings) => string[];
  /** Whether a detection stops seeing anything when this source is missing. */
  reads: (detection: Detection) => boolean;
  /** Prometheus sources: the metric prefix, and the metric to check when no detection reads the source. */
  metrics?: { prefix: string; fallback: string };
}

/**
 * Matches metric names with a prefix in a PromQL template. A name counts only before `{`, and
 * every template has braces there because the configured matchers are spliced inside them. A
 * label such as container_label_io_kubernetes_pod_name is followed by an operator instead.
 */
function metricNamePattern(prefix: string, flags = ''): RegExp {
  return new RegExp(`\\b${prefix}[a-zA-Z0-9_]*(?=\\{)`, flags);
}

function metricTemplateReads(detection: Detection, placeholder: string, prefix: string): boolean {
  return detection.kind === 'metric' && (detection.query.includes(placeholder) || metricNamePattern(prefix).test(detection.query));
}

/** Lists the metric names with a prefix that the detections' PromQL templates read, sorted, or the fallback. */
export function metricNames(source: CoverageSource, detections: readonly Detection[]): string[] {
  if (!source.metrics) {
    return [];
  }
  const pattern = metricNamePattern(source.metrics.prefix, 'g');
  const names = new Set<string>();
  for (const detection of detections) {
    if (detection.kind === 'metric' && source.reads(detection)) {
      for (const name of detection.query.match(pattern) ?? []) {
        names.add(name);
      }
    }
  }
  return names.size > 0 ? [...names].sort() : [source.metrics.fallback];
}

// NOTE: the Cordon data source's coverage query (src/datasource/coverage.ts) runs its own presence
// queries for dashboards; a change to what counts as present belongs in both.

export const COVERAGE_SOURCES: readonly CoverageSource[] = [
  {
    id: 'audit',
    name: 'Kubernetes audit log',
    datasource: 'loki',
    lookback: '1h',
    fix: (settings) => [
      'Turn on API server auditing (--audit-policy-file and --audit-log-path), or the audit log export of a managed cluster: EKS control plane logging, GKE Cloud Audit Logs or AKS diagnostic settings.',
      'Log pods and workload controllers at the Request or RequestResponse level, because the detections read requestObject.',
      `Ship the audit log to Loki with Grafana Alloy or Promtail, one JSON event per line, with the labels that the audit log selector ${settings.auditSelector} matches.`,
    ],
    reads: (detection) => detection.telemetry === 'audit',
  },
  {
    id: 'falco',
    name: 'Falco alerts',
    datasource: 'loki',
    // Falco only sends an alert when a rule fires, so a shorter range reports quiet clusters as missing.
    lookback: '24h',
    fix: (settings) => [
      `Run Falco with falcosidekick and turn on its Loki output, which labels each alert with ${settings.falcoLabels.rule}, ${settings.falcoLabels.priority}, ${settings.falcoLabels.namespace} and ${settings.falcoLabels.pod}.`,
      `Check that the Falco alert selector ${settings.falcoSelector} matches those streams, and that the Falco format setting (${settings.falcoFormat}) matches what falcosidekick sends.`,
      'A quiet cluster sends no alerts: POST to falcosidekick\'s /test endpoint to send a test alert through every output.',
    ],
    reads: (detection) => detection.telemetry === 'falco',
  },
  {
    id: 'runtime',
    name: 'Container runtime events',
    datasource: 'loki',
    lookback: '1h',
    fix: (settings) => [
      "On every Docker host, run docker events --format '{{json .}}' under a service manager and ship its output to Loki with Grafana Alloy or Promtail.",
      `Give those streams the labels that the runtime event selector ${settings.runtimeSelector} matches.`,
      'Nodes that run containerd or CRI-O without Docker emit no Docker events, so for them rely on the audit log and Falco detections.',
    ],
    reads: (detection) => detection.telemetry === 'runtime',
  },
  {
    id: 'cadvisor',
    name: 'cAdvisor container metrics',
    datasource: 'prometheus',
    lookback: 'now',
    fix: (settings) => [
      "Scrape the kubelet's /metrics/cadvisor endpoint on every node; kube-prometheus-stack does this by default.",
      settings.cadvisorMatchers
        ? `Check that the extra cAdvisor matchers ${settings.cadvisorMatchers} match the scraped series.`
        : 'If several jobs export container_ series, set the extra cAdvisor matchers, for example job="kubelet".',
    ],
    reads: (detection) => metricTemplateReads(detection, '${cadvisorMatchers}', 'container_'),
    metrics: { prefix: 'container_', fallback: 'container_cpu_usage_seconds_total' },
  },
  {
    id: 'kubeStateMetrics',
    name: 'kube-state-metrics',
    datasource: 'prometheus',
    lookback: 'now',
    fix: (settings) => [
      'Deploy kube-state-metrics and scrape it; kube-prometheus-stack includes both.',
      settings.kubeStateMetricsMatchers
        ? `Check that the extra kube-state-metrics matchers ${settings.kubeStateMetricsMatchers} match the scraped series.`
        : 'If several jobs export kube_ series, set the extra kube-state-metrics matchers, for example job="kube-state-metrics".',
    ],
    // NOTE: container-without-pod counts as blind here, although without kube-state-metrics it
    // only loses its check of forged pod labels.
    reads: (detection) => metricTemplateReads(detection, '${kubeStateMetricsMatchers}', 'kube_'),
    metrics: { prefix: 'kube_', fallback: 'kube_pod_info' },
  },
];
