import { DEFAULT_SETTINGS } from '../settings';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { buildHealthRules } from './healthRules';

describe('buildHealthRules', () => {
  const rules = buildHealthRules(DEFAULT_SETTINGS, 'https://grafana.example.com');

  test('checks the audit log, runtime events, cAdvisor and kube-state-metrics', () => {
    expect(rules.map((rule) => rule.detectionId)).toEqual([
      'telemetry-missing-audit',
      'telemetry-missing-runtime',
      'telemetry-missing-cadvisor',
      'telemetry-missing-kube-state-metrics',
      'telemetry-missing-audit-writes',
    ]);
  });

  test('audit write failures get their own summary', () => {
    const writes = rules[4];
    expect(writes.datasource).toBe('prometheus');
    expect(writes.expr).toBe('sum by (instance) (increase(apiserver_audit_error_total[15m])) > 0');
    expect(writes.annotations.summary).toBe('The API server failed to write audit events in the last 15m');
    expect(writes.annotations.description).toMatch(/^The API server on \{\{ \$labels.instance \}\} failed to write audit events .*, so \d+ detection\(s\) are blind: k8s-privileged-container/);
  });

  test('compiles valid queries from the configured selectors', () => {
    const settings = { ...DEFAULT_SETTINGS, auditSelector: '{cluster="prod", job="audit"}', cadvisorMatchers: 'job="kubelet"' };
    const [audit, , cadvisor] = buildHealthRules(settings, 'https://grafana.example.com');
    expect(audit.expr).toBe('absent_over_time({cluster="prod", job="audit"}[15m])');
    expect(cadvisor.expr).toBe('absent_over_time(container_network_transmit_bytes_total{job="kubelet"}[15m])');
    for (const rule of rules) {
      const parsed = rule.datasource === 'loki' ? parseLogQL(rule.expr) : parsePromQL(rule.expr);
      expect([rule.detectionId, parsed.errors]).toEqual([rule.detectionId, []]);
    }
  });

  test('names the blind detections and links the coverage page', () => {
    const audit = rules[0];
    expect(audit.annotations.description).toContain('k8s-privileged-container');
    expect(audit.annotations.runbook_url).toBe('https://grafana.example.com/a/cordon-detection-app/coverage');
    expect(audit.labels).toMatchObject({ source: 'cordon', severity: 'high', detection: 'telemetry-missing-audit' });
  });
});
