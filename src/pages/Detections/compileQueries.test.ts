import { CATALOG } from '../../detections/catalog';
import { TECHNIQUES } from '../../detections/attack';
import type { MetricDetection } from '../../detections/model';
import { resolveSettings } from '../../settings';
import { compileQueries } from './compileQueries';

const metricDetection: MetricDetection = {
  kind: 'metric',
  id: 'test-metric',
  title: 'Test metric detection',
  description: 'A metric detection for tests.',
  severity: 'low',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'metrics',
  query: 'sum by (namespace) (container_last_seen{image!=""${cadvisorMatchers}}) > ${threshold}',
  groupBy: ['namespace'],
  entities: { namespace: 'namespace' },
  valueUnit: 'containers',
  falsePositives: [],
  tuning: [{ name: 'threshold', kind: 'number', description: 'Containers per namespace.', default: 5, min: 0 }],
  response: { investigate: [], contain: [], forensics: [], remediate: [] },
  references: [],
};

const privileged = CATALOG.find((detection) => detection.id === 'k8s-privileged-container')!;

describe('compileQueries', () => {
  test('every catalog detection compiles with defaults', () => {
    const settings = resolveSettings({});
    for (const detection of CATALOG) {
      expect({ id: detection.id, status: compileQueries(detection, settings).status }).toEqual({
        id: detection.id,
        status: 'compiled',
      });
    }
  });

  test('log detection uses the configured selector', () => {
    const result = compileQueries(privileged, resolveSettings({ auditSelector: '{cluster="prod", job="audit"}' }));
    if (result.status !== 'compiled') {
      throw new Error(result.error);
    }
    expect(result.queries.map((query) => query.label)).toEqual([
      'Log query (matching events)',
      'Metric query (alert rule)',
    ]);
    expect(result.queries[0].text.startsWith('{cluster="prod", job="audit"}')).toBe(true);
    expect(result.queries[1].text.startsWith('sum by (')).toBe(true);
  });

  // resolveSettings rejects tuning of detections outside the catalog, so the test detection's tuning is set afterwards.
  test('metric detection splices matchers and tuning', () => {
    const settings = {
      ...resolveSettings({ cadvisorMatchers: 'job="kubelet"' }),
      tuning: { 'test-metric': { threshold: 9 } },
    };
    const result = compileQueries(metricDetection, settings);
    if (result.status !== 'compiled') {
      throw new Error(result.error);
    }
    expect(result.queries).toEqual([
      {
        label: 'Query',
        copyLabel: 'Copy query',
        language: 'PromQL',
        text: 'sum by (namespace) (container_last_seen{image!="", job="kubelet"}) > 9',
      },
    ]);
  });

  test('invalid tuning override yields the error', () => {
    const settings = { ...resolveSettings({}), tuning: { 'test-metric': { threshold: 'many' } } };
    const result = compileQueries(metricDetection, settings);
    expect(result).toEqual({
      status: 'failed',
      error: 'Tuning parameter threshold of detection test-metric must be a number, got "many".',
    });
  });
});
