import { of } from 'rxjs';
import { DataQueryRequest, DataQueryResponse, DataSourceApi, FieldType, createDataFrame } from '@grafana/data';
import { resolveSettings } from '../../settings';
import { buildPresenceChecks } from './presenceQueries';
import { DataSourceLookup, runPresenceChecks } from './runPresenceChecks';

jest.mock('@grafana/runtime', () => ({ getDataSourceSrv: () => ({ get: jest.fn() }) }));

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

function countFrame(refId: string, value: number, labels?: Record<string, string>) {
  return createDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [NOW] },
      { name: 'Value', type: FieldType.number, values: [value], labels },
    ],
  });
}

function fakeDataSource(name: string, respond: (request: DataQueryRequest) => DataQueryResponse) {
  const requests: DataQueryRequest[] = [];
  const datasource = {
    name,
    query: (request: DataQueryRequest) => {
      requests.push(request);
      return of(respond(request));
    },
  } as unknown as DataSourceApi;
  return { datasource, requests };
}

function lookupOf(datasources: Record<string, DataSourceApi>): DataSourceLookup {
  return {
    get: async (uid) => {
      if (!datasources[uid]) {
        throw new Error(`Data source ${uid} was not found`);
      }
      return datasources[uid];
    },
  };
}

const settings = resolveSettings({ lokiUid: 'loki-1', prometheusUid: 'prom-1' });

describe('runPresenceChecks', () => {
  test('counts decide receiving or missing', async () => {
    const loki = fakeDataSource('Loki', () => ({ data: [countFrame('audit', 120), countFrame('falco', 0)] }));
    const prometheus = fakeDataSource('Prometheus', () => ({ data: [countFrame('cadvisor', 35)] }));
    const results = await runPresenceChecks(buildPresenceChecks(settings), lookupOf({ 'loki-1': loki.datasource, 'prom-1': prometheus.datasource }), NOW);

    expect(results.get('audit')).toMatchObject({ status: 'receiving', count: 120 });
    expect(results.get('falco')).toMatchObject({ status: 'missing', count: 0 });
    expect(results.get('runtime')).toMatchObject({ status: 'missing', count: 0 });
    expect(results.get('cadvisor')).toMatchObject({ status: 'receiving', count: 35 });
    expect(results.get('kubeStateMetrics')).toMatchObject({ status: 'missing', count: 0 });
  });

  test('one request per data source', async () => {
    const loki = fakeDataSource('Loki', () => ({ data: [] }));
    const prometheus = fakeDataSource('Prometheus', () => ({ data: [] }));
    await runPresenceChecks(buildPresenceChecks(settings), lookupOf({ 'loki-1': loki.datasource, 'prom-1': prometheus.datasource }), NOW);

    expect(loki.requests).toHaveLength(1);
    expect(loki.requests[0].targets.map((target) => target.refId)).toEqual(['audit', 'falco', 'runtime']);
    expect(loki.requests[0].targets[0]).toMatchObject({ queryType: 'instant', datasource: { uid: 'loki-1', type: 'loki' } });
    expect(loki.requests[0].range.to.valueOf()).toBe(NOW);
    expect(prometheus.requests[0].targets[0]).toMatchObject({ instant: true, range: false, datasource: { uid: 'prom-1', type: 'prometheus' } });
  });

  test('query error for one refId', async () => {
    const loki = fakeDataSource('Loki', () => ({
      data: [countFrame('audit', 5)],
      errors: [{ refId: 'runtime', message: 'parse error at line 1' }],
    }));
    const results = await runPresenceChecks(buildPresenceChecks(resolveSettings({ lokiUid: 'loki-1' })), lookupOf({ 'loki-1': loki.datasource }), NOW);

    expect(results.get('audit')).toMatchObject({ status: 'receiving', count: 5 });
    expect(results.get('runtime')).toMatchObject({ status: 'error', error: 'parse error at line 1' });
    expect(results.get('cadvisor')).toEqual({ status: 'not-configured' });
  });

  test('rejected query fails the whole group', async () => {
    const loki = {
      name: 'Loki',
      query: () => Promise.reject({ status: 502, data: { message: 'upstream connect error' } }),
    } as unknown as DataSourceApi;
    const results = await runPresenceChecks(buildPresenceChecks(resolveSettings({ lokiUid: 'loki-1' })), lookupOf({ 'loki-1': loki }), NOW);

    expect(results.get('falco')).toMatchObject({ status: 'error', error: 'The query to Loki failed: upstream connect error' });
  });

  test('unknown uid names the uid and the fix', async () => {
    const results = await runPresenceChecks(buildPresenceChecks(resolveSettings({ lokiUid: 'gone' })), lookupOf({}), NOW);

    expect(results.get('audit')).toEqual({
      status: 'error',
      error: 'Data source "gone" was not found (Data source gone was not found). Pick an existing one on the configuration page.',
      expr: 'sum(count_over_time({job="kubernetes-audit"} [1h]))',
    });
  });

  test('absent metric makes the source missing', async () => {
    const checks = buildPresenceChecks(resolveSettings({ prometheusUid: 'prom-1' }));
    const cadvisor = checks.find((check) => check.source.id === 'cadvisor');
    if (cadvisor?.status !== 'runnable' || cadvisor.metricNames.length < 2) {
      throw new Error('expected a runnable cAdvisor check of at least two metrics');
    }
    const [present, ...absent] = cadvisor.metricNames;
    const prometheus = fakeDataSource('Prometheus', () => ({ data: [countFrame('cadvisor', 12, { __name__: present })] }));
    const results = await runPresenceChecks(checks, lookupOf({ 'prom-1': prometheus.datasource }), NOW);

    expect(results.get('cadvisor')).toMatchObject({ status: 'missing', count: 12, absentMetrics: absent });
  });

  test('unnamed series trust the count', async () => {
    const prometheus = fakeDataSource('Prometheus', () => ({ data: [countFrame('kubeStateMetrics', 80)] }));
    const results = await runPresenceChecks(buildPresenceChecks(resolveSettings({ prometheusUid: 'prom-1' })), lookupOf({ 'prom-1': prometheus.datasource }), NOW);

    expect(results.get('kubeStateMetrics')).toMatchObject({ status: 'receiving', count: 80, absentMetrics: [] });
  });
});
