import { TECHNIQUES } from '../../detections/attack';
import { all, equals } from '../../detections/conditions';
import type { LogDetection, MetricDetection } from '../../detections/model';

const NO_RESPONSE = { investigate: [], contain: [], forensics: [], remediate: [] };

/** Test helper: a metric detection with a fixed query, so tests of the Prometheus path do not depend on the catalog. */
export const TEST_METRIC_DETECTION: MetricDetection = {
  kind: 'metric',
  id: 'test-cpu-saturation',
  title: 'Test: container CPU saturated',
  description: 'A container uses more CPU than its threshold, as a crypto miner would.',
  severity: 'medium',
  technique: TECHNIQUES.deployContainer,
  falsePositives: [],
  tuning: [{ name: 'threshold', kind: 'number', description: 'CPU cores', default: 0.9 }],
  response: NO_RESPONSE,
  references: [],
  telemetry: 'metrics',
  query:
    'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=""${cadvisorMatchers}}[5m])) > ${threshold}',
  groupBy: ['namespace', 'pod'],
  entities: { namespace: 'namespace', pod: 'pod' },
  valueUnit: 'cores',
};

/** Test helper: a runtime log detection of a given severity and counting window. */
export function testLogDetection(id: string, severity: LogDetection['severity'], window?: string): LogDetection {
  return {
    kind: 'log',
    id,
    title: `Test: ${id}`,
    description: 'A container was started with a test marker.',
    severity,
    technique: TECHNIQUES.deployContainer,
    falsePositives: [],
    tuning: [],
    response: NO_RESPONSE,
    references: [],
    telemetry: 'runtime',
    condition: () => all(equals('Type', 'container'), equals('Action', 'start')),
    evidence: [],
    window,
  };
}
