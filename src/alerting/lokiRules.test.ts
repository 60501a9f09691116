/** @jest-environment-options {"customExportConditions": ["node", "node-addons"]} */
import { parse } from 'yaml';
import { LOG_DETECTIONS } from '../detections/catalog';
import { DEFAULT_SETTINGS } from '../settings';
import { parseLogQL } from '../testing/queryParsers';
import { buildLokiRuleFile } from './lokiRules';
import { detectionLabels } from './metadata';
import { prometheusAlertName } from './prometheusRules';
import { pendingPeriod } from './rules';

interface LokiRuleFile {
  groups: Array<{
    name: string;
    interval: string;
    rules: Array<{
      alert: string;
      expr: string;
      for: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }>;
  }>;
}

describe('buildLokiRuleFile', () => {
  const file = parse(
    buildLokiRuleFile({ grafanaUrl: 'https://grafana.example.com/', settings: DEFAULT_SETTINGS })
  ) as LokiRuleFile;
  const rules = file.groups.flatMap((group) => group.rules);

  test('contains log detections only', () => {
    const detectionRules = rules.filter((rule) => !rule.labels.detection.startsWith('telemetry-missing-'));
    expect(detectionRules.map((rule) => rule.labels.detection).sort()).toEqual(LOG_DETECTIONS.map((detection) => detection.id).sort());
    expect(file.groups.map((group) => group.name)).not.toContain('cordon-metrics');
  });

  test('names groups per telemetry', () => {
    for (const group of file.groups.filter((entry) => entry.name !== 'cordon-health')) {
      expect(group.name).toMatch(/^cordon-(audit|falco|runtime)$/);
      expect(group.rules.every((rule) => `cordon-${rule.labels.telemetry}` === group.name)).toBe(true);
    }
  });

  test.each(LOG_DETECTIONS.map((detection) => [detection.id, detection] as const))('rule for %s', (_id, detection) => {
    const rule = rules.find((candidate) => candidate.labels.detection === detection.id)!;
    expect(rule.alert).toBe(prometheusAlertName(detection.id));
    expect(rule.for).toBe(pendingPeriod(detection));
    expect(rule.labels).toEqual(detectionLabels(detection));
    expect(rule.expr.endsWith(') > 0')).toBe(true);
    expect(parseLogQL(rule.expr).errors).toEqual([]);
    expect(rule.annotations.runbook_url.startsWith('https://grafana.example.com/a/cordon-detection-app/runbook/')).toBe(
      true
    );
  });
});
