import {
  CoreApp,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LoadingState,
  TestDataSourceResponse,
} from '@grafana/data';
import { config, getBackendSrv, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { Observable, from } from 'rxjs';
import { CATALOG } from '../detections/catalog';
import type { Detection } from '../detections/model';
import type { CordonSettings } from '../settings';
import { planCatalog } from './catalogFrame';
import { planCoverage } from './coverage';
import { planDetections } from './detectionQuery';
import { PlanContext, QueryPlan, SourceResults, pickSourceHint } from './plan';
import { EMPTY_RESULT, SourceResult, buildSubRequest, failedResult, runSubRequest } from './request';
import { SettingsClient, describeError } from './settingsClient';
import { testSources } from './testSources';
import { CordonDataSourceOptions, CordonQuery, DEFAULT_QUERY } from './types';

/**
 * Runs Cordon's detections through the user's own Loki and Prometheus data sources, so Grafana
 * executes every query server-side with the user's permissions. All Loki queries of one request
 * travel in one request to Loki, and all Prometheus queries in one request to Prometheus.
 */
export class CordonDataSource extends DataSourceApi<CordonQuery, CordonDataSourceOptions> {
  private readonly settings = new SettingsClient(getBackendSrv);

  constructor(
    instanceSettings: DataSourceInstanceSettings<CordonDataSourceOptions>,
    private readonly catalog: readonly Detection[] = CATALOG
  ) {
    super(instanceSettings);
  }

  getDefaultQuery(_app: CoreApp): Partial<CordonQuery> {
    return { ...DEFAULT_QUERY, detections: [] };
  }

  query(request: DataQueryRequest<CordonQuery>): Observable<DataQueryResponse> {
    return from(this.run(request));
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    let settings: CordonSettings;
    try {
      settings = await this.settings.read();
    } catch (error) {
      return { status: 'error', message: (error as Error).message };
    }
    return testSources(settings, getDataSourceSrv());
  }

  private async run(request: DataQueryRequest<CordonQuery>): Promise<DataQueryResponse> {
    const queries = request.targets.filter((query) => !query.hide);
    if (queries.length === 0) {
      return { data: [], state: LoadingState.Done };
    }
    let settings: CordonSettings;
    try {
      settings = await this.settings.get();
    } catch (error) {
      return { data: [], errors: queries.map((query) => ({ refId: query.refId, message: (error as Error).message })), state: LoadingState.Error };
    }

    const context: PlanContext = {
      settings,
      catalog: this.catalog,
      range: request.range,
      scopedVars: request.scopedVars ?? {},
      templateSrv: getTemplateSrv(),
      appSubUrl: config.appSubUrl ?? '',
    };
    const errors: DataQueryError[] = [];
    const plans: QueryPlan[] = [];
    for (const query of queries) {
      try {
        plans.push(planQuery(query, context));
      } catch (error) {
        errors.push({ refId: query.refId, message: (error as Error).message });
      }
    }

    const [loki, prom] = await Promise.all([
      this.runSource(request, 'Loki', settings.lokiUid, plans.flatMap((plan) => plan.loki)),
      this.runSource(request, 'Prometheus', settings.prometheusUid, plans.flatMap((plan) => plan.prom)),
    ]);
    const results: SourceResults = { loki, prom };
    const outputs = plans.map((plan) => plan.build(results));
    errors.push(...outputs.flatMap((output) => output.errors));
    return { data: outputs.flatMap((output) => output.frames), errors, state: LoadingState.Done };
  }

  /** Sends the targets of every query of this request to one data source, in one request. */
  private async runSource(request: DataQueryRequest<CordonQuery>, name: 'Loki' | 'Prometheus', uid: string | undefined, targets: DataQuery[]): Promise<SourceResult> {
    if (targets.length === 0) {
      return EMPTY_RESULT;
    }
    if (!uid) {
      return failedResult(`No ${name} data source is configured. ${pickSourceHint(name)}`);
    }
    let datasource: DataSourceApi;
    try {
      datasource = await getDataSourceSrv().get(uid);
    } catch (error) {
      return failedResult(`The ${name} data source with uid ${JSON.stringify(uid)} failed to load (${describeError(error)}). ${pickSourceHint(name)}`);
    }
    const subRequest = buildSubRequest(request, targets, { uid: datasource.uid, type: datasource.type }, name.toLowerCase());
    return runSubRequest(datasource, subRequest);
  }
}

function planQuery(query: CordonQuery, context: PlanContext): QueryPlan {
  switch (query.queryType ?? 'detections') {
    case 'detections':
      return planDetections(query, context);
    case 'coverage':
      return planCoverage(query, context);
    case 'catalog':
      return planCatalog(query, context);
    default:
      throw new Error(`Unknown query type ${JSON.stringify(query.queryType)}; choose detections, coverage or catalog.`);
  }
}
