import type { DataFrame, DataQueryError, ScopedVars, TimeRange } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { Detection, SEVERITIES, severityRank } from '../detections/model';
import type { CordonSettings } from '../settings';
import type { SourceResult } from './request';
import { APP_CONFIG_PATH, CordonQuery, LokiTarget, PromTarget } from './types';

export interface SourceResults {
  loki: SourceResult;
  prom: SourceResult;
}

export interface QueryOutput {
  frames: DataFrame[];
  errors: DataQueryError[];
}

/**
 * The Loki and Prometheus targets of one Cordon query, and the function that turns their frames
 * into its own. The data source sends the targets of every plan of a request together, one
 * request per data source.
 */
export interface QueryPlan {
  loki: LokiTarget[];
  prom: PromTarget[];
  build(results: SourceResults): QueryOutput;
}

export interface PlanContext {
  settings: CordonSettings;
  catalog: readonly Detection[];
  range: TimeRange;
  scopedVars: ScopedVars;
  templateSrv: TemplateSrv;
  /** Grafana's sub path, such as "/grafana", or "" at the root. */
  appSubUrl: string;
}

/** Builds the refId of a Loki or Prometheus query made for a Cordon query, unique within the request. */
export function subRefId(refId: string, key: string): string {
  return `${refId}/${key}`;
}

/** Builds the fix for a data source that is not selected in the app settings. */
export function pickSourceHint(source: 'Loki' | 'Prometheus'): string {
  return `Pick the ${source} data source on the Cordon configuration page (${APP_CONFIG_PATH}).`;
}

/**
 * Selects the detections a query names (all when it names none) at or above its minimum
 * severity. Unknown ids and an unknown severity become error messages; the rest still run.
 */
export function selectDetections(query: CordonQuery, catalog: readonly Detection[]): { detections: Detection[]; problems: string[] } {
  const problems: string[] = [];
  let minimum = 0;
  if (query.minSeverity !== undefined) {
    if (!SEVERITIES.includes(query.minSeverity)) {
      problems.push(`Unknown minimum severity ${JSON.stringify(query.minSeverity)}; choose one of ${SEVERITIES.join(', ')}.`);
    } else {
      minimum = severityRank(query.minSeverity);
    }
  }
  const ids = query.detections ?? [];
  for (const id of ids) {
    if (!catalog.some((detection) => detection.id === id)) {
      problems.push(`Unknown detection ${JSON.stringify(id)}; remove it from the query. It may have been renamed or removed in this version of Cordon.`);
    }
  }
  const chosen = ids.length === 0 ? catalog : catalog.filter((detection) => ids.includes(detection.id));
  return { detections: chosen.filter((detection) => severityRank(detection.severity) >= minimum), problems };
}
