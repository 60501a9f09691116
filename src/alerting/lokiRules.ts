import { stringify } from 'yaml';
import type { CordonSettings } from '../settings';
import { normalizeGrafanaUrl } from './metadata';
import { prometheusAlertName } from './prometheusRules';
import { buildCordonRules } from './rules';

export interface LokiRuleFileOptions {
  /** Grafana's root URL, for absolute runbook links. */
  grafanaUrl: string;
  settings: CordonSettings;
}

/**
 * Builds a rule file for Loki's ruler with the log detections: Prometheus-style groups whose
 * `expr` is the detection's LogQL metric query compared with 0. Metric detections are left out
 * because they need Prometheus. Loki reads the file from `<rules_directory>/<tenant>/`; the
 * annotation templates are Go templates, which the ruler renders like Prometheus does.
 */
export function buildLokiRuleFile(options: LokiRuleFileOptions): string {
  const grafanaUrl = normalizeGrafanaUrl(options.grafanaUrl, 'Loki rule file');
  const { groups, skipped } = buildCordonRules({
    grafanaUrl,
    settings: options.settings,
    omitDataSources: ['prometheus'],
  });
  const file = {
    groups: groups.map((group) => ({
      name: `cordon-${group.name}`,
      interval: group.interval,
      rules: group.rules.map((rule) => ({
        // The same alert names as the Prometheus rule file, valid as metric names.
        alert: prometheusAlertName(rule.detectionId),
        expr: `${rule.expr} > 0`,
        for: rule.for,
        labels: rule.labels,
        annotations: rule.annotations,
      })),
    })),
  };
  const header = [
    '# Cordon alert rules for the Loki ruler; generated from the detection catalog, do not edit by hand.',
    ...skipped.map((entry) => `# Skipped ${entry.detectionId}: ${entry.reason.replace(/[\s\u0085]+/g, ' ')}`),
  ].join('\n');
  return `${header}\n${stringify(file, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })}`;
}
