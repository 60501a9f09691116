import { FieldType, createDataFrame } from '@grafana/data';
import { resolveSettings } from '../../settings';
import { CATALOG } from '../../detections/catalog';
import { buildPresenceChecks, presenceExpr, readCount, readMetricCounts } from './presenceQueries';
import { COVERAGE_SOURCES, CoverageSourceId, metricNames } from './sources';

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

  test('cAdvisor counts the metrics detections read', () => {
    const names = metricNames(source('cadvisor'), CATALOG);
    expect(names.length).toBeGreaterThan(0);
    expect(presenceExpr(source('cadvisor'), settings)).toBe(`count by (__name__) ({__name__=~"${names.join('|')}", job="kubelet"})`);
  });

  test('kube-state-metrics without matchers', () => {
    const names = metricNames(source('kubeStateMetrics'), CATALOG);
    expect(presenceExpr(source('kubeStateMetrics'), settings)).toBe(`count by (__name__) ({__name__=~"${names.join('|')}"})`);
  });

  test('no metric detection falls back', () => {
    expect(presenceExpr(source('kubeStateMetrics'), settings, [])).toBe('count by (__name__) ({__name__=~"kube_pod_info"})');
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

describe('readMetricCounts', () => {
  test('value fields named by __name__ label', () => {
    const series = (name: string, value: number) =>
      createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [value], labels: { __name__: name } }] });
    expect(readMetricCounts([series('kube_pod_info', 40), series('kube_pod_container_info', 55)])).toEqual(
      new Map([
        ['kube_pod_info', 40],
        ['kube_pod_container_info', 55],
      ])
    );
  });

  test('table frame with __name__ column', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1, 1] },
        { name: '__name__', type: FieldType.string, values: ['container_start_time_seconds', 'container_network_transmit_bytes_total'] },
        { name: 'Value', type: FieldType.number, values: [7, 9] },
      ],
    });
    expect(readMetricCounts([frame])).toEqual(
      new Map([
        ['container_start_time_seconds', 7],
        ['container_network_transmit_bytes_total', 9],
      ])
    );
  });
});

describe('metricNames', () => {
  test('label names are not metrics', () => {
    const detection = {
      ...CATALOG.find((candidate) => candidate.kind === 'metric')!,
      query: 'count(container_start_time_seconds{container_label_io_kubernetes_pod_name=""${cadvisorMatchers}})',
    };
    expect(metricNames(source('cadvisor'), [detection])).toEqual(['container_start_time_seconds']);
  });

  test('cAdvisor names come from detection queries', () => {
    const names = metricNames(source('cadvisor'), CATALOG);
    const queries = CATALOG.filter((detection) => detection.kind === 'metric').map((detection) => (detection.kind === 'metric' ? detection.query : ''));
    for (const name of names) {
      expect(name.startsWith('container_')).toBe(true);
      expect(queries.some((query) => query.includes(name))).toBe(true);
    }
  });

  test('log sources have no metrics', () => {
    expect(metricNames(source('audit'), CATALOG)).toEqual([]);
  });
});
