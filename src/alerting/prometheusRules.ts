import { stringify } from 'yaml';
import { METRIC_DETECTIONS } from '../detections/catalog';
import type { MetricDetection } from '../detections/model';
import type { CordonSettings } from '../settings';
import { normalizeGrafanaUrl } from './metadata';
import { buildCordonRules } from './rules';

/** Name of the rule group that contains the metric detections. */
export const PROMETHEUS_RULE_GROUP = 'cordon-metrics';

export interface PrometheusRuleFileOptions {
  /** Grafana's root URL, for absolute runbook links. */
  grafanaUrl: string;
  settings: CordonSettings;
  /** Defaults to every metric detection of the catalog. */
  detections?: readonly MetricDetection[];
}

/**
 * Derives the alert name from a detection id: `container-without-pod` becomes
 * `CordonContainerWithoutPod`. Prometheus requires alert names to be valid metric names.
 */
export function prometheusAlertName(detectionId: string): string {
  const words = detectionId.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return `Cordon${words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')}`;
}

/**
 * Builds a Prometheus rule file with one alerting rule per metric detection. Each `expr` is the
 * compiled query as it is, because a metric detection's query returns series only while it
 * fires. The group interval, `for`, labels and annotations are the ones the Grafana-managed
 * rules use, so both paths alert the same way.
 */
export function buildPrometheusRuleFile(options: PrometheusRuleFileOptions): string {
  const grafanaUrl = normalizeGrafanaUrl(options.grafanaUrl, 'Prometheus rule file');
  const { groups, skipped } = buildCordonRules({
    grafanaUrl,
    settings: options.settings,
    detections: options.detections ?? METRIC_DETECTIONS,
    omitDataSources: ['loki'],
    includeHealth: options.detections === undefined,
  });
  const file = {
    groups: groups.map((group) => ({
      name: group.name === 'health' ? 'cordon-health' : PROMETHEUS_RULE_GROUP,
      interval: group.interval,
      rules: group.rules.map((rule) => ({
        alert: prometheusAlertName(rule.detectionId),
        expr: rule.expr,
        for: rule.for,
        labels: rule.labels,
        annotations: rule.annotations,
      })),
    })),
  };
  const header = [
    '# Cordon alert rules for Prometheus; generated from the detection catalog, do not edit by hand.',
    ...skipped.map((entry) => `# Skipped ${entry.detectionId}: ${entry.reason.replace(/[\s\u0085]+/g, ' ')}`),
  ].join('\n');
  return `${header}\n${stringify(file, { version: '1.1', lineWidth: 0 })}`;
}
