import { FieldType, createDataFrame } from '@grafana/data';
import { resolveSettings } from '../../settings';
import { buildPresenceChecks, presenceExpr, readCount } from './presenceQueries';
import { COVERAGE_SOURCES, CoverageSourceId } from './sources';

const source = (id: CoverageSourceId) => COVERAGE_SOURCES.find((candidate) => candidate.id === id)!;

describe('presenceExpr', () => {
  const settings = resolveSettings({
    auditSelector: '{cluster="prod", job="audit"}',
    cadvisorMatchers: 'job="kubelet"',
    kubeStateMetricsMatchers: '',
  });

  test('audit counts lines over one hour', () => {
    expect(presenceExpr(source('audit'), settings)).toBe('sum(count_over_time({cluster="prod", job="audit"} [1h]))');
  });

  test('falco counts lines over one day', () => {
    expect(presenceExpr(source('falco'), settings)).toBe('sum(count_over_time({rule=~".+", priority=~".+"} [24h]))');
  });

  test('runtime uses its selector', () => {
    expect(presenceExpr(source('runtime'), settings)).toBe('sum(count_over_time({job="docker-events"} [1h]))');
  });

  test('cAdvisor counts series with extra matchers', () => {
    expect(presenceExpr(source('cadvisor'), settings)).toBe('count(container_cpu_usage_seconds_total{job="kubelet"})');
  });

  test('kube-state-metrics without matchers', () => {
    expect(presenceExpr(source('kubeStateMetrics'), settings)).toBe('count(kube_pod_info{})');
  });
});

describe('buildPresenceChecks', () => {
  test('missing uids mean not configured', () => {
    const checks = buildPresenceChecks(resolveSettings({}));
    expect(checks.map((check) => check.status)).toEqual(Array(COVERAGE_SOURCES.length).fill('not-configured'));
  });

  test('uids route checks to their data source', () => {
    const checks = buildPresenceChecks(resolveSettings({ lokiUid: 'loki-1', prometheusUid: 'prom-1' }));
    const routes = checks.map((check) => (check.status === 'runnable' ? `${check.refId}@${check.datasourceUid}` : check.status));
    expect(routes).toEqual(['audit@loki-1', 'falco@loki-1', 'runtime@loki-1', 'cadvisor@prom-1', 'kubeStateMetrics@prom-1']);
  });

  test('only Loki configured leaves metrics unconfigured', () => {
    const checks = buildPresenceChecks(resolveSettings({ lokiUid: 'loki-1' }));
    expect(checks.filter((check) => check.status === 'not-configured').map((check) => check.source.id)).toEqual(['cadvisor', 'kubeStateMetrics']);
  });
});

describe('readCount', () => {
  test('no frames count zero', () => {
    expect(readCount([])).toBe(0);
  });

  test('series frame gives its last value', () => {
    const frame = createDataFrame({
      refId: 'audit',
      fields: [
        { name: 'Time', type: FieldType.time, values: [1000] },
        { name: 'Value', type: FieldType.number, values: [4210] },
      ],
    });
    expect(readCount([frame])).toBe(4210);
  });

  test('table frame with label columns', () => {
    const frame = createDataFrame({
      refId: 'falco',
      fields: [
        { name: 'Time', type: FieldType.time, values: [1000] },
        { name: 'job', type: FieldType.string, values: ['falco'] },
        { name: 'Value #falco', type: FieldType.number, values: [12] },
      ],
    });
    expect(readCount([frame])).toBe(12);
  });

  test('frame without rows counts zero', () => {
    const frame = createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [] }] });
    expect(readCount([frame])).toBe(0);
  });

  test('several series add up', () => {
    const series = (value: number) => createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [value] }] });
    expect(readCount([series(2), series(3)])).toBe(5);
  });
});
