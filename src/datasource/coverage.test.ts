import { DataFrameView, DataQueryResponse } from '@grafana/data';
import { lastValueFrom, throwError } from 'rxjs';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { lokiInstantTable, promFrames } from './testing/frames';
import { LOKI_UID, createDataSource, installFakes, panelRequest } from './testing/harness';
import { TEST_CATALOG, egressSpike } from './testing/detections';
import type { LokiTarget, PromTarget } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));

const NOW = Date.parse('2026-12-04T12:00:00Z');

async function run(): Promise<DataQueryResponse> {
  return lastValueFrom(createDataSource(TEST_CATALOG).query(panelRequest([{ refId: 'B', queryType: 'coverage' }])));
}

function table(response: DataQueryResponse) {
  return new DataFrameView<Record<string, unknown>>(response.data[0]).toArray().map((row) => ({ ...row }));
}

const lokiCounts = (target: LokiTarget) => {
  switch (target.refId) {
    case 'B/coverage-audit':
      return { frames: [lokiInstantTable(target.refId, NOW, 1200)] };
    case 'B/coverage-runtime':
      return { error: 'max entries limit per query exceeded' };
    default:
      return { frames: [] };
  }
};

const promCounts = (target: PromTarget) =>
  target.refId === 'B/coverage-cadvisor'
    ? { frames: promFrames(target.refId, [{ labels: {}, points: [[NOW, 240]] }], { stepMs: 1000, resultType: 'vector' }) }
    : { frames: [] };

describe('coverage query', () => {
  it('sends one instant count per kind of telemetry', async () => {
    const fakes = installFakes({ jsonData: { lokiUid: LOKI_UID, prometheusUid: 'prom-uid', cadvisorMatchers: 'job="kubelet"' } });
    await run();

    const loki = fakes.lokiQuery.mock.calls[0][0].targets;
    expect(loki.map((target: LokiTarget) => [target.expr, target.queryType])).toEqual([
      ['sum(count_over_time({job="kubernetes-audit"}[21600s]))', 'instant'],
      ['sum(count_over_time({rule=~".+", priority=~".+"}[21600s]))', 'instant'],
      ['sum(count_over_time({job="docker-events"}[21600s]))', 'instant'],
    ]);
    const prom = fakes.promQuery.mock.calls[0][0].targets;
    expect(prom.map((target: PromTarget) => target.expr)).toEqual(['count(container_network_transmit_bytes_total{job="kubelet"})', 'count(kube_pod_container_info)']);
    expect(prom[0]).toMatchObject({ instant: true, range: false });
    for (const target of loki) {
      expect(parseLogQL(target.expr).errors).toEqual([]);
    }
    for (const target of prom) {
      expect(parsePromQL(target.expr).errors).toEqual([]);
    }
  });

  it('shows present, missing and failed telemetry side by side', async () => {
    installFakes({ loki: lokiCounts, prom: promCounts });
    const response = await run();
    const rows = table(response);

    expect(response.data[0].fields.map((field: { name: string }) => field.name)).toEqual(['telemetry', 'source', 'status', 'seen', 'detections', 'hint']);
    expect(rows.map((row) => [row.telemetry, row.status, row.seen])).toEqual([
      ['Kubernetes audit log', 'ok', 1200],
      ['Falco alerts', 'missing', 0],
      ['Container runtime events', 'error', null],
      ['cAdvisor container metrics', 'ok', 240],
      ['kube-state-metrics', 'missing', 0],
    ]);
    expect(rows[0]).toMatchObject({ source: 'Loki', detections: 'k8s-privileged-container', hint: '' });
    expect(rows[1].detections).toBe('falco-shell-in-container');
    expect(rows[1].hint).toContain('No lines matched {rule=~".+", priority=~".+"} in this time range');
    expect(rows[2].hint).toContain('The Loki query failed: max entries limit per query exceeded.');
    expect(rows[3].detections).toBe(egressSpike.id);
    expect(rows[4].hint).toContain('Deploy kube-state-metrics');
  });

  it('keeps Loki rows when the Prometheus request fails', async () => {
    const fakes = installFakes({ loki: lokiCounts });
    fakes.promQuery.mockImplementation(() => throwError(() => ({ status: 502, statusText: 'Bad Gateway' })));
    const rows = table(await run());

    expect(rows.map((row) => row.status)).toEqual(['ok', 'missing', 'error', 'error', 'error']);
    expect(rows[3].hint).toContain('The Prometheus query failed: HTTP 502 Bad Gateway.');
  });

  it('marks telemetry of an unselected data source as not configured', async () => {
    const fakes = installFakes({ jsonData: { lokiUid: LOKI_UID }, loki: lokiCounts });
    const rows = table(await run());

    expect(fakes.promQuery).not.toHaveBeenCalled();
    expect(rows.slice(3).map((row) => [row.status, row.hint])).toEqual([
      ['not configured', 'Pick the Prometheus data source on the Cordon configuration page (/plugins/cordon-detection-app).'],
      ['not configured', 'Pick the Prometheus data source on the Cordon configuration page (/plugins/cordon-detection-app).'],
    ]);
  });
});
