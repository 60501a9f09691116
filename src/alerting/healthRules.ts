import { formatMatchers, formatSelector } from '../compiler/logql/selector';
import { CATALOG } from '../detections/catalog';
import type { Detection, Severity } from '../detections/model';
import { TECHNIQUES } from '../detections/attack';
import { TELEMETRY_NAMES, Telemetry } from '../detections/telemetry';
import { CordonSettings, metricSelectors, streamSelector } from '../settings';
import { PLUGIN_ID, SOURCE_LABEL, ruleUid } from './metadata';
import type { CordonRule, RuleDataSource } from './rules';

/**
 * Rules that fire when telemetry stops arriving, because a detection without its data is blind
 * and stopping a sensor or a log pipeline is also what an attacker does. Falco alerts are left
 * out: a quiet cluster raises no Falco alerts for hours, so their absence says nothing.
 */
interface HealthCheck {
  id: string;
  telemetry: Telemetry;
  source: string;
  datasource: RuleDataSource;
  severity: Severity;
  /** How long without data before the rule fires; also the query's window. */
  window: string;
  expr: (settings: CordonSettings) => string;
  /** Overrides of the alert's summary and of the first sentence of its description, for checks of lost data rather than absent data. */
  summary?: string;
  cause?: string;
}

const CHECKS: readonly HealthCheck[] = [
  {
    id: 'telemetry-missing-audit',
    telemetry: 'audit',
    source: 'Kubernetes audit log',
    datasource: 'loki',
    severity: 'high',
    window: '15m',
    expr: (settings) => `absent_over_time(${formatSelector(streamSelector(settings, 'audit'))}[15m])`,
  },
  {
    id: 'telemetry-missing-runtime',
    telemetry: 'runtime',
    source: 'container runtime events',
    datasource: 'loki',
    severity: 'medium',
    window: '1h',
    expr: (settings) => `absent_over_time(${formatSelector(streamSelector(settings, 'runtime'))}[1h])`,
  },
  {
    id: 'telemetry-missing-cadvisor',
    telemetry: 'metrics',
    source: 'cAdvisor container metrics',
    datasource: 'prometheus',
    severity: 'high',
    window: '15m',
    expr: (settings) => `absent_over_time(container_network_transmit_bytes_total${braces(metricSelectors(settings).cadvisor)}[15m])`,
  },
  {
    id: 'telemetry-missing-kube-state-metrics',
    telemetry: 'metrics',
    source: 'kube-state-metrics',
    datasource: 'prometheus',
    severity: 'medium',
    window: '15m',
    expr: (settings) => `absent_over_time(kube_pod_container_info${braces(metricSelectors(settings).kubeStateMetrics)}[15m])`,
  },
  {
    // The API server counts each audit event that its backend failed to write or buffer, such as
    // one it cannot encode: a server-side apply with a YAML or CBOR body, before Kubernetes fixed
    // that in 2026. Such a request changes the cluster and leaves no event. Clusters whose API
    // server metrics are not scraped have no such series, and the rule stays silent.
    id: 'telemetry-missing-audit-writes',
    telemetry: 'audit',
    source: 'Kubernetes audit log',
    datasource: 'prometheus',
    severity: 'high',
    window: '15m',
    expr: () => 'sum by (instance) (increase(apiserver_audit_error_total[15m])) > 0',
    summary: 'The API server failed to write audit events in the last 15m',
    cause: 'The API server on {{ $labels.instance }} failed to write audit events in the last 15m, so requests it served may be missing from the audit log',
  },
];

function braces(matchers: ReturnType<typeof metricSelectors>['cadvisor']): string {
  return matchers.length === 0 ? '' : `{${formatMatchers(matchers)}}`;
}

/** Lists the detections that go blind without a check's telemetry. */
function blindDetections(check: HealthCheck, detections: readonly Detection[]): Detection[] {
  if (check.id === 'telemetry-missing-kube-state-metrics') {
    return detections.filter((detection) => detection.kind === 'metric' && detection.query.includes('kube_pod_container_info'));
  }
  if (check.id === 'telemetry-missing-cadvisor') {
    return detections.filter((detection) => detection.kind === 'metric' && detection.query.includes('container_'));
  }
  return detections.filter((detection) => detection.telemetry === check.telemetry);
}

/** Builds the telemetry health rules, which share the detections' labels, so routing handles them alike. */
export function buildHealthRules(settings: CordonSettings, grafanaUrl: string, detections: readonly Detection[] = CATALOG): CordonRule[] {
  return CHECKS.map((check) => {
    const blind = blindDetections(check, detections);
    const technique = TECHNIQUES.disableOrModifyTools;
    return {
      uid: ruleUid(check.id),
      title: `Telemetry missing: ${check.source}`,
      detectionId: check.id,
      severity: check.severity,
      // A fresh Prometheus or Loki has no data until its first scrape or push; the pending period
      // keeps that start from paging anyone.
      for: '5m',
      datasource: check.datasource,
      expr: check.expr(settings),
      queryLabels: [],
      labels: {
        severity: check.severity,
        detection: check.id,
        mitre_technique: technique.id,
        mitre_tactic: technique.tactic.name,
        telemetry: check.telemetry,
        source: SOURCE_LABEL,
      },
      annotations: {
        summary: check.summary ?? `No ${check.source} data for ${check.window}`,
        description:
          `${check.cause ?? `Cordon received no ${check.source} (${TELEMETRY_NAMES[check.telemetry]}) in the last ${check.window}`}, so ${blind.length} detection(s) are blind: ` +
          `${blind.map((detection) => detection.id).join(', ') || 'none'}. A broken shipper or scrape is the usual cause; ` +
          `an attacker who stops a sensor or the audit pipeline causes the same (ATT&CK ${technique.id} ${technique.name}).`,
        runbook_url: `${grafanaUrl}/a/${PLUGIN_ID}/coverage`,
      },
      lookbackSeconds: 0,
    };
  });
}
