import { Observable, of } from 'rxjs';
import {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  FieldType,
  createDataFrame,
} from '@grafana/data';

/** Data sources that the harness lists in pickers and that return results for presence queries. */
export const FAKE_DATA_SOURCES = [
  { uid: 'loki-harness', name: 'Loki (harness)', type: 'loki' },
  { uid: 'prometheus-harness', name: 'Prometheus (harness)', type: 'prometheus' },
];

interface Target {
  refId: string;
  expr: string;
}

const count = (refId: string, value: number, labels?: Record<string, string>) =>
  createDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [Date.now()] },
      { name: 'Value', type: FieldType.number, values: [value], labels },
    ],
  });

/** Loki: the audit log arrives, Falco is quiet, and the runtime query fails as Loki reports a parse error. */
function lokiResponse(targets: Target[]): DataQueryResponse {
  const data: DataFrame[] = [];
  const errors = [];
  for (const target of targets) {
    if (target.expr.includes('kubernetes-audit')) {
      data.push(count(target.refId, 18342));
    } else if (target.expr.includes('docker-events')) {
      errors.push({
        refId: target.refId,
        message: 'parse error at line 1, col 22: syntax error: unexpected IDENTIFIER',
      });
    }
  }
  return { data, errors };
}

/** Prometheus: every cAdvisor metric has series, and of kube-state-metrics only kube_pod_info. */
function prometheusResponse(targets: Target[]): DataQueryResponse {
  const data: DataFrame[] = [];
  for (const target of targets) {
    const names = /__name__=~"([^"]+)"/.exec(target.expr)?.[1].split('|') ?? [];
    for (const name of names) {
      if (name.startsWith('container_') || name === 'kube_pod_info') {
        data.push(count(target.refId, name === 'kube_pod_info' ? 64 : 212, { __name__: name }));
      }
    }
  }
  return { data };
}

/** Looks up a fake data source by uid; any other uid is not found, as in Grafana. */
export async function getFakeDataSource(uid: string): Promise<DataSourceApi> {
  const settings = FAKE_DATA_SOURCES.find((candidate) => candidate.uid === uid);
  if (!settings) {
    throw new Error(`Data source ${uid} was not found`);
  }
  const respond = settings.type === 'loki' ? lokiResponse : prometheusResponse;
  return {
    ...settings,
    query: (request: DataQueryRequest): Observable<DataQueryResponse> =>
      of(respond(request.targets as unknown as Target[])),
  } as unknown as DataSourceApi;
}
