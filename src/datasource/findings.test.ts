import { DataFrame, DataFrameView, DataQueryResponse, FieldType } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { LokiFrameShape, LokiTestEntry, lokiLogFrame, promFrames } from './testing/frames';
import { LOKI_UID, PROM_UID, createDataSource, installFakes, panelRequest } from './testing/harness';
import { TEST_CATALOG, egressSpike, fixtureLines } from './testing/detections';
import type { CordonQuery, LokiTarget } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));

const AUDIT = 'A/k8s-privileged-container';
const FALCO = 'A/falco-shell-in-container';
const METRIC = `A/${egressSpike.id}`;

const TRACES = 'fixtures/shared-data/k8s-audit/falco-traces';
/** Real audit events of pod creates with a privileged container (Falco's test traces). */
const [privilegedPod] = fixtureLines(`${TRACES}/create_nginx_pod_privileged.json`);
const [privilegedSecond] = fixtureLines(`${TRACES}/create_nginx_pod_privileged_2nd_container.json`);
const auditLabels = { job: 'kubernetes-audit', service_name: 'kubernetes-audit' };

function lokiWith(byRefId: Record<string, LokiTestEntry[]>, shape: LokiFrameShape = 'classic') {
  return (target: LokiTarget) => ({ frames: byRefId[target.refId] ? [lokiLogFrame(target.refId, byRefId[target.refId], shape)] : [] });
}

async function run(query: Partial<CordonQuery> = {}): Promise<DataQueryResponse> {
  return lastValueFrom(createDataSource(TEST_CATALOG).query(panelRequest([{ refId: 'A', queryType: 'detections', ...query }])));
}

function rows(frame: DataFrame): Array<Record<string, unknown>> {
  return new DataFrameView<Record<string, unknown>>(frame).toArray().map((row) => ({ ...row }));
}

describe('log findings', () => {
  it.each<LokiFrameShape>(['classic', 'dataplane'])('reads audit lines from a %s Loki frame', async (shape) => {
    installFakes({
      loki: lokiWith(
        {
          [AUDIT]: [
            { labels: auditLabels, line: privilegedSecond, tsNs: '1540490000000000000' },
            { labels: auditLabels, line: privilegedPod, tsNs: '1540476552581541000' },
          ],
        },
        shape
      ),
    });
    const response = await run();

    expect(response.errors).toEqual([]);
    const frame = response.data[0];
    const table = rows(frame);
    expect(table).toHaveLength(2);
    // Newest first, by the time in the event.
    expect(table.map((row) => row.pod)).toEqual(['nginx-deployment-544b59f8b8-ffkxm', 'nginx-deployment-5cdcc99dbf-rgw6z']);
    expect(table[1]).toEqual({
      time: Date.parse('2018-10-25T14:09:12.581Z'),
      detection: 'k8s-privileged-container',
      title: 'Privileged container requested',
      severity: 'critical',
      technique: 'T1611',
      tactic: 'Privilege Escalation',
      namespace: 'default',
      pod: 'nginx-deployment-5cdcc99dbf-rgw6z',
      container: '',
      image: '',
      user: 'system:serviceaccount:kube-system:replicaset-controller',
      outcome: 'allowed',
      evidence:
        'Outcome: allowed (201); Verb: create; Resource: pods; Request URI: /api/v1/namespaces/default/pods; ' +
        'Groups: system:serviceaccounts, system:serviceaccounts:kube-system, system:authenticated; Source IPs: ::1; ' +
        'Authorization decision: allow; Response code: 201; Images: nginx',
      runbook:
        '/a/cordon-detection-app/runbook/k8s-privileged-container?namespace=default&pod=nginx-deployment-5cdcc99dbf-rgw6z' +
        '&user=system%3Aserviceaccount%3Akube-system%3Areplicaset-controller&resource=pods&name=nginx-deployment-5cdcc99dbf-rgw6z' +
        '&outcome=allowed&time=2018-10-25T14%3A09%3A12.581541Z',
    });
  });

  it('links every finding to its runbook without encoding it twice', async () => {
    installFakes();
    const response = await run();
    const runbook = response.data[0].fields.find((field: { name: string }) => field.name === 'runbook');
    expect(runbook.config.links).toEqual([{ title: 'Open the runbook', url: '${__value.raw:raw}' }]);
  });

  it('merges the stages of one audited request into one finding', async () => {
    // The RequestReceived stage of the same request: the API server writes it first, without the response.
    const complete = JSON.parse(privilegedPod);
    const received = { ...complete, stage: 'RequestReceived', stageTimestamp: complete.requestReceivedTimestamp };
    delete received.responseStatus;
    delete received.responseObject;
    installFakes({
      loki: lokiWith({
        [AUDIT]: [
          { labels: auditLabels, line: privilegedPod, tsNs: '1540476552581541000' },
          { labels: auditLabels, line: JSON.stringify(received), tsNs: '1540476552400000000' },
        ],
      }),
    });
    const table = rows((await run()).data[0]);

    expect(table).toHaveLength(1);
    expect(table[0].evidence).toContain('Response code: 201');
  });

  it('warns that results are truncated when a detection returns max lines', async () => {
    installFakes({
      loki: lokiWith({
        [AUDIT]: [
          { labels: auditLabels, line: privilegedSecond, tsNs: '1540490000000000000' },
          { labels: auditLabels, line: privilegedPod, tsNs: '1540476552581541000' },
        ],
      }),
    });
    const response = await run({ maxLines: 2 });
    const notices = response.data[0].meta.notices;

    expect(notices).toHaveLength(1);
    expect(notices[0].severity).toBe('warning');
    expect(notices[0].text).toContain('Results are truncated: k8s-privileged-container returned 2 lines');
    expect(notices[0].text).toContain('Narrow the time range or the namespace');
  });

  it('adds no notice below max lines', async () => {
    installFakes({ loki: lokiWith({ [AUDIT]: [{ labels: auditLabels, line: privilegedPod, tsNs: '1540476552581541000' }] }) });
    const response = await run({ maxLines: 2 });
    expect(response.data[0].meta.notices).toEqual([]);
  });

  it('counts lines that do not parse in one notice', async () => {
    installFakes({
      loki: lokiWith({
        [AUDIT]: [
          { labels: auditLabels, line: privilegedPod, tsNs: '1540476552581541000' },
          { labels: auditLabels, line: privilegedPod.slice(0, 120), tsNs: '1540476552500000000' },
          { labels: auditLabels, line: '[1,2,3]', tsNs: '1540476552400000000' },
        ],
      }),
    });
    const response = await run();
    const frame = response.data[0];

    expect(frame.length).toBe(1);
    expect(frame.meta.notices).toHaveLength(1);
    expect(frame.meta.notices[0].text).toMatch(/^2 lines from Loki could not be read as events and were skipped; by detection: k8s-privileged-container: 2 \(/);
  });

  it('rebuilds Falco alerts from falcosidekick text lines', async () => {
    // The daemonset example alert, stored as falcosidekick's text output stores it: the output as
    // the line, rule, priority, namespace and pod as stream labels.
    const alert = JSON.parse(fixtureLines('fixtures/shared-data/falco-alerts/falco_integrations_k8s_daemonset_readme_terminal_shell.json')[0]);
    const labels = { rule: alert.rule, priority: alert.priority, k8s_ns_name: 'kube-system', k8s_pod_name: alert.output_fields['k8s.pod.name'], source: 'syscall' };
    installFakes({ loki: lokiWith({ [FALCO]: [{ labels, line: alert.output, tsNs: '1513792138590038385' }] }) });
    const table = rows((await run()).data[0]);

    expect(table).toHaveLength(1);
    expect(table[0]).toMatchObject({
      detection: 'falco-shell-in-container',
      namespace: 'kube-system',
      pod: 'falco-74htl',
      time: 1513792138590,
    });
    expect(table[0].evidence).toContain('Terminal shell in container');
  });

  it('reads Falco JSON lines when the app stores Falco as JSON', async () => {
    const [line] = fixtureLines('fixtures/shared-data/falco-alerts/falco_integrations_k8s_daemonset_readme_terminal_shell.json');
    installFakes({
      jsonData: { lokiUid: LOKI_UID, prometheusUid: PROM_UID, falcoFormat: 'json', falcoSelector: '{job="falco"}' },
      loki: lokiWith({ [FALCO]: [{ labels: { job: 'falco' }, line, tsNs: '1513792138590038385' }] }),
    });
    const table = rows((await run()).data[0]);

    expect(table).toHaveLength(1);
    expect(table[0]).toMatchObject({ pod: 'falco-74htl', user: 'root', time: Date.parse('2017-12-20T17:48:58.590Z') });
  });
});

describe('metric findings', () => {
  const start = Date.parse('2026-12-04T10:00:00Z');
  const step = 15000;

  it('makes one finding per run of samples, at its first sample', async () => {
    installFakes({
      prom: (target) => ({
        frames:
          target.refId === METRIC
            ? promFrames(
                target.refId,
                [
                  {
                    labels: { namespace: 'shop', pod: 'web-1' },
                    points: [
                      [start, 5e6],
                      [start + step, 7e6],
                      [start + 2 * step, null],
                      [start + 10 * step, 2e6],
                    ],
                  },
                ],
                { stepMs: step, resultType: 'matrix' }
              )
            : [],
      }),
    });
    const table = rows((await run()).data[0]);

    expect(table.map((row) => [row.time, row.evidence])).toEqual([
      [start + 10 * step, 'Peak: 2000000 bytes/s; namespace: shop; pod: web-1'],
      [start, 'Peak: 7000000 bytes/s; namespace: shop; pod: web-1'],
    ]);
    expect(table[0]).toMatchObject({ detection: egressSpike.id, namespace: 'shop', pod: 'web-1', severity: 'low' });
  });

  it('sends the detection PromQL as a range query', async () => {
    const fakes = installFakes();
    await run({ detections: [egressSpike.id] });
    expect(fakes.promQuery.mock.calls[0][0].targets[0].expr).toBe(
      'sum by (namespace, pod) (rate(container_network_transmit_bytes_total{pod!=""}[5m])) > 1000000'
    );
    expect(fakes.lokiQuery).not.toHaveBeenCalled();
  });

  it('keeps the time field a time field with no findings', async () => {
    installFakes();
    const frame = (await run()).data[0];
    expect(frame.length).toBe(0);
    expect(frame.fields[0].type).toBe(FieldType.time);
  });
});
