import type { CordonRule } from './rules';

/** Uids of the data sources the rules query; Grafana-managed rules need them, the Loki ruler does not. */
export interface DataSourceUids {
  lokiUid: string;
  prometheusUid: string;
}

const DATA_SOURCE_UID = /^[a-zA-Z0-9_-]{1,40}$/;

/** Checks a data source uid against Grafana's rule for uids: 1 to 40 characters of [a-zA-Z0-9-_]. */
export function checkDataSourceUid(uid: string, name: string): string {
  if (!DATA_SOURCE_UID.test(uid)) {
    throw new Error(
      `Invalid ${name} ${JSON.stringify(uid)}: a Grafana data source uid has 1 to 40 letters, digits, - or _. Copy it from the data source's settings page URL.`
    );
  }
  return uid;
}

/** One entry of a Grafana-managed rule's `data`; the file format and the HTTP API share this shape. */
export interface GrafanaAlertQuery {
  refId: string;
  queryType: string;
  /** Seconds before the evaluation time. */
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The data source uid Grafana uses for server-side expressions. */
export const EXPRESSION_DATASOURCE = '__expr__';

/** The refId of the threshold step; the rule's `condition`. */
export const CONDITION_REF_ID = 'C';

// Grafana writes these into every stored query model when they are missing (ngalert
// models.AlertQuery.PreSave), so Cordon sets them too and a re-read model compares equal.
const MODEL_DEFAULTS = { intervalMs: 1000, maxDataPoints: 43200 } as const;

function queryModel(
  rule: CordonRule,
  uids: DataSourceUids
): Pick<GrafanaAlertQuery, 'queryType' | 'datasourceUid' | 'model'> {
  if (rule.datasource === 'loki') {
    const datasource = { type: 'loki', uid: uids.lokiUid };
    // PreSave copies model.queryType to the outer queryType, so both say instant.
    return {
      queryType: 'instant',
      datasourceUid: uids.lokiUid,
      model: { refId: 'A', datasource, editorMode: 'code', expr: rule.expr, queryType: 'instant', ...MODEL_DEFAULTS },
    };
  }
  const datasource = { type: 'prometheus', uid: uids.prometheusUid };
  return {
    queryType: '',
    datasourceUid: uids.prometheusUid,
    model: {
      refId: 'A',
      datasource,
      editorMode: 'code',
      expr: rule.expr,
      instant: true,
      range: false,
      ...MODEL_DEFAULTS,
    },
  };
}

/**
 * Builds a rule's queries: A is the detection's metric query as an instant query, B reduces
 * each series to its last value, and C fires for every series above 0.
 */
export function grafanaAlertQueries(rule: CordonRule, uids: DataSourceUids): GrafanaAlertQuery[] {
  const expression = { type: EXPRESSION_DATASOURCE, uid: EXPRESSION_DATASOURCE };
  const noRange = { from: 0, to: 0 };
  return [
    { refId: 'A', relativeTimeRange: { from: rule.lookbackSeconds, to: 0 }, ...queryModel(rule, uids) },
    {
      refId: 'B',
      queryType: '',
      relativeTimeRange: noRange,
      datasourceUid: EXPRESSION_DATASOURCE,
      model: {
        refId: 'B',
        datasource: expression,
        type: 'reduce',
        expression: 'A',
        reducer: 'last',
        ...MODEL_DEFAULTS,
      },
    },
    {
      refId: CONDITION_REF_ID,
      queryType: '',
      relativeTimeRange: { ...noRange },
      datasourceUid: EXPRESSION_DATASOURCE,
      model: {
        refId: CONDITION_REF_ID,
        datasource: expression,
        type: 'threshold',
        expression: 'B',
        conditions: [{ evaluator: { type: 'gt', params: [0] } }],
        ...MODEL_DEFAULTS,
      },
    },
  ];
}

/** No matching events is the normal state of a detection, so no data means OK. */
export const NO_DATA_STATE = 'OK';

/** A failing query (Loki down, a bad selector) must be visible, so it becomes an error alert. */
export const EXEC_ERR_STATE = 'Error';
