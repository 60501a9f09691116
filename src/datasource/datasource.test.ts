import { DataFrame, DataFrameView, DataQueryResponse, FieldType } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { lokiLogFrame, promFrames } from './testing/frames';
import { LOKI_UID, PROM_UID, createDataSource, installFakes, panelRequest } from './testing/harness';
import { TEST_CATALOG, egressSpike, fixtureLines } from './testing/detections';
import type { CordonQuery, LokiTarget, PromTarget } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));

const findings: CordonQuery = { refId: 'A', queryType: 'detections' };
const coverage: CordonQuery = { refId: 'B', queryType: 'coverage' };

async function run(targets: CordonQuery[]): Promise<DataQueryResponse> {
  return lastValueFrom(createDataSource(TEST_CATALOG).query(panelRequest(targets)));
}

function rows(frame: DataFrame): Array<Record<string, unknown>> {
  return new DataFrameView<Record<string, unknown>>(frame).toArray().map((row) => ({ ...row }));
}

describe('CordonDataSource requests', () => {
  it('sends one request per data source for all queries', async () => {
    const fakes = installFakes();
    await run([findings, coverage]);

    expect(fakes.lokiQuery).toHaveBeenCalledTimes(1);
    expect(fakes.promQuery).toHaveBeenCalledTimes(1);
    const lokiTargets = fakes.lokiQuery.mock.calls[0][0].targets.map((target: LokiTarget) => target.refId);
    expect(lokiTargets).toEqual(['A/k8s-privileged-container', 'A/falco-shell-in-container', 'B/coverage-audit', 'B/coverage-falco', 'B/coverage-runtime']);
    const promTargets = fakes.promQuery.mock.calls[0][0].targets.map((target: PromTarget) => target.refId);
    expect(promTargets).toEqual(['A/test-egress-spike', 'B/coverage-cadvisor', 'B/coverage-kubeStateMetrics']);
  });

  it('copies the panel context into each sub-request', async () => {
    const fakes = installFakes();
    const request = panelRequest([findings], { team: { text: 'red', value: 'red' } });
    await lastValueFrom(createDataSource(TEST_CATALOG).query(request));

    const loki = fakes.lokiQuery.mock.calls[0][0];
    expect(loki.requestId).toBe('Q100-loki');
    expect(loki.range).toBe(request.range);
    expect(loki.interval).toBe('15s');
    expect(loki.intervalMs).toBe(15000);
    expect(loki.maxDataPoints).toBe(1440);
    expect(loki.scopedVars).toEqual({ team: { text: 'red', value: 'red' } });
    expect(loki.timezone).toBe('utc');
    expect(loki.app).toBe('dashboard');
    expect(typeof loki.startTime).toBe('number');
    expect(loki.dashboardUID).toBe('cordon-dash');
    expect(loki.targets[0]).toMatchObject({ queryType: 'range', maxLines: 1000, direction: 'backward', datasource: { uid: LOKI_UID, type: 'loki' } });

    const prom = fakes.promQuery.mock.calls[0][0];
    expect(prom.requestId).toBe('Q100-prometheus');
    expect(prom.targets[0]).toMatchObject({ range: true, instant: false, format: 'time_series', datasource: { uid: PROM_UID, type: 'prometheus' } });
  });

  it('sends no request when no query needs a data source', async () => {
    const fakes = installFakes();
    await run([{ refId: 'C', queryType: 'catalog' }]);
    expect(fakes.lokiQuery).not.toHaveBeenCalled();
    expect(fakes.promQuery).not.toHaveBeenCalled();
  });

  it('reads a response that query() returns as a Promise', async () => {
    const line = '{"kind":"Event","stage":"ResponseComplete","auditID":"x","objectRef":{"namespace":"default","resource":"pods"}}';
    installFakes({
      lokiReturns: 'promise',
      loki: (target) => ({ frames: target.refId === 'A/k8s-privileged-container' ? [lokiLogFrame(target.refId, [{ labels: { job: 'kubernetes-audit' }, line, tsNs: '1764892800000000000' }])] : [] }),
    });
    const response = await run([findings]);
    expect(response.data[0].length).toBe(1);
  });

  it('skips hidden queries', async () => {
    const fakes = installFakes();
    const response = await run([{ ...findings, hide: true }]);
    expect(response.data).toEqual([]);
    expect(fakes.lokiQuery).not.toHaveBeenCalled();
  });
});

describe('CordonDataSource errors', () => {
  it('reports a missing Loki uid only for log detections', async () => {
    const fakes = installFakes({
      jsonData: { prometheusUid: PROM_UID },
      prom: (target) => ({
        frames: promFrames(target.refId, [{ labels: { namespace: 'shop', pod: 'web-1' }, points: [[1764892800000, 2e6]] }], { stepMs: 15000, resultType: 'matrix' }),
      }),
    });
    const response = await run([findings]);

    expect(fakes.lokiQuery).not.toHaveBeenCalled();
    expect(response.errors).toHaveLength(1);
    const message = response.errors![0].message!;
    expect(message).toContain('k8s-privileged-container, falco-shell-in-container');
    expect(message).toContain('Pick the Loki data source on the Cordon configuration page (/plugins/cordon-detection-app)');
    expect(message).not.toContain(egressSpike.id);
    expect(rows(response.data[0]).map((row) => row.detection)).toEqual([egressSpike.id]);
  });

  it('reports a missing Prometheus uid only for metric detections', async () => {
    const fakes = installFakes({ jsonData: { lokiUid: LOKI_UID } });
    const response = await run([findings]);

    expect(fakes.promQuery).not.toHaveBeenCalled();
    expect(fakes.lokiQuery).toHaveBeenCalledTimes(1);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].message).toContain(`metric detections did not run: ${egressSpike.id}. Pick the Prometheus data source`);
  });

  it('keeps other detections when one Loki query fails', async () => {
    const [line] = fixtureLines('fixtures/shared-data/k8s-audit/falco-traces/create_nginx_pod_privileged.json');
    installFakes({
      loki: (target) =>
        target.refId === 'A/falco-shell-in-container'
          ? { error: 'parse error at line 1, col 12: syntax error' }
          : { frames: [lokiLogFrame(target.refId, [{ labels: { job: 'kubernetes-audit' }, line, tsNs: '1540476552581541000' }])] },
    });
    const response = await run([findings]);

    expect(response.errors!.map((error) => error.message)).toEqual([
      'Detection falco-shell-in-container: the Loki query failed: parse error at line 1, col 12: syntax error',
    ]);
    expect(rows(response.data[0]).map((row) => row.detection)).toEqual(['k8s-privileged-container']);
  });

  it('reports a data source that cannot be loaded', async () => {
    installFakes({ jsonData: { lokiUid: 'deleted-uid', prometheusUid: PROM_UID } });
    const response = await run([{ ...findings, detections: ['k8s-privileged-container'] }]);
    expect(response.errors![0].message).toContain('The Loki data source with uid "deleted-uid" failed to load');
    expect(response.errors![0].message).toContain('Pick the Loki data source');
  });

  it('fails every query when the app settings cannot be read', async () => {
    const fakes = installFakes();
    fakes.settingsGet.mockRejectedValue({ status: 403, data: { message: 'Access denied' } });
    const response = await run([findings, coverage]);
    expect(response.errors!.map((error) => error.refId)).toEqual(['A', 'B']);
    expect(response.errors![0].message).toContain('HTTP 403 Access denied');
  });

  it('reports invalid app settings with the value and the page to fix it', async () => {
    installFakes({ jsonData: { lokiUid: LOKI_UID, auditSelector: '{job=~".*"}' } });
    const response = await run([findings]);
    expect(response.errors![0].message).toContain('Invalid audit log selector');
    expect(response.errors![0].message).toContain('/plugins/cordon-detection-app');
  });

  it('runs the known detections beside an unknown id', async () => {
    const fakes = installFakes();
    const response = await run([{ ...findings, detections: ['no-such-detection', egressSpike.id] }]);
    expect(response.errors![0].message).toContain('Unknown detection "no-such-detection"');
    expect(fakes.promQuery.mock.calls[0][0].targets).toHaveLength(1);
  });

  it('rejects max lines above Loki\'s limit', async () => {
    installFakes();
    const response = await run([{ ...findings, maxLines: 9000 }]);
    expect(response.errors![0].message).toBe("Invalid max lines 9000: use a whole number from 1 to 5000, Loki's default limit per query.");
  });
});

describe('CordonDataSource catalog', () => {
  it('lists the detections with their compiled queries', async () => {
    installFakes();
    const response = await run([{ refId: 'C', queryType: 'catalog', minSeverity: 'medium' }]);
    const frame = response.data[0];
    expect(frame.refId).toBe('C');
    expect(frame.fields.map((field: { name: string }) => field.name)).toEqual(['id', 'title', 'severity', 'technique', 'tactic', 'telemetry', 'query']);
    const table = rows(frame);
    expect(table.map((row) => row.id)).toEqual(['k8s-privileged-container', 'falco-shell-in-container']);
    expect(table[0]).toMatchObject({ severity: 'critical', technique: 'T1611', tactic: 'Privilege Escalation', telemetry: 'audit' });
    expect(String(table[0].query)).toMatch(/^\{job="kubernetes-audit"\}/);
  });
});

describe('CordonDataSource testDatasource', () => {
  it('succeeds when both data sources exist', async () => {
    installFakes();
    const result = await createDataSource(TEST_CATALOG).testDatasource();
    expect(result.status).toBe('success');
    expect(result.message).toContain('Loki: "Loki".');
  });

  it('warns when the Prometheus data source is not selected', async () => {
    installFakes({ jsonData: { lokiUid: LOKI_UID } });
    const result = await createDataSource(TEST_CATALOG).testDatasource();
    expect(result.status).toBe('warning');
    expect(result.message).toContain('No Prometheus data source is selected');
    expect(result.message).toContain('Pick the Prometheus data source on the Cordon configuration page');
  });

  it('fails when a selected data source is gone or of another type', async () => {
    installFakes({ jsonData: { lokiUid: PROM_UID, prometheusUid: 'gone' } });
    const result = await createDataSource(TEST_CATALOG).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain('is of type prometheus, not Loki');
    expect(result.message).toContain('The Prometheus data source with uid "gone" was not found');
  });
});

describe('findings frame fields', () => {
  it('has the documented fields and types', async () => {
    installFakes();
    const response = await run([findings]);
    const frame = response.data[0];
    expect(frame.fields.map((field: { name: string; type: FieldType }) => [field.name, field.type])).toEqual([
      ['time', FieldType.time],
      ['detection', FieldType.string],
      ['title', FieldType.string],
      ['severity', FieldType.string],
      ['technique', FieldType.string],
      ['tactic', FieldType.string],
      ['namespace', FieldType.string],
      ['pod', FieldType.string],
      ['container', FieldType.string],
      ['image', FieldType.string],
      ['user', FieldType.string],
      ['outcome', FieldType.string],
      ['evidence', FieldType.string],
      ['runbook', FieldType.string],
    ]);
    expect(frame.meta.preferredVisualisationType).toBe('table');
  });
});
