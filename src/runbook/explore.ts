import { compileLogDetection } from '../compiler/logql/compile';
import { STRATEGY_TECHNIQUE } from '../detections/attack';
import { Condition, all, any, equals } from '../detections/conditions';
import type { LogDetection } from '../detections/model';
import type { EntityField, LogTelemetry } from '../detections/telemetry';
import { CordonSettings, logSource } from '../settings';

/** Explore pane id; Explore replaces an id that is not 3 characters with a random one. */
export const PANE_ID = 'crd';

/** A time range in epoch milliseconds. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface ExploreQuery {
  datasource: { type: 'loki' | 'prometheus'; uid: string };
  expr: string;
}

/**
 * Builds an Explore address with `schemaVersion=1` and `panes`, a JSON object of panes keyed by
 * a 3-character id with at least one letter, as Grafana's Explore URL parser reads it
 * (public/app/features/explore/hooks/useStateSync/migrators/v1.ts, Grafana 12). Range values
 * must be strings. Without an orgId Explore opens in the user's current organization.
 */
export function exploreUrl(appSubUrl: string, query: ExploreQuery, range: TimeRange): string {
  const panes = {
    [PANE_ID]: {
      datasource: query.datasource.uid,
      queries: [{ refId: 'A', datasource: query.datasource, expr: query.expr, queryType: 'range', editorMode: 'code' }],
      range: { from: String(range.fromMs), to: String(range.toMs) },
    },
  };
  return `${appSubUrl}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/** Builds a stand-in detection, so that Explore queries go through the same compiler as the detections. */
function searchDetection(telemetry: LogTelemetry, condition: Condition): LogDetection {
  return {
    kind: 'log',
    id: 'runbook-search',
    title: 'Runbook search',
    description: '',
    severity: 'info',
    technique: STRATEGY_TECHNIQUE,
    falsePositives: [],
    tuning: [],
    response: { investigate: [], contain: [], forensics: [], remediate: [] },
    references: [],
    telemetry,
    condition: () => condition,
    evidence: [],
  };
}

/**
 * Builds a LogQL log query for the events of one kind of telemetry whose entity fields equal the
 * given values, such as every audit event on one pod. Values from the alert are untrusted, so
 * they only reach the query as filter values, which the compiler writes as quoted strings.
 * Returns undefined when the configured log format does not store one of the entity fields.
 */
export function entityEventsQuery(
  settings: CordonSettings,
  telemetry: LogTelemetry,
  filters: Partial<Record<EntityField, string>>
): string | undefined {
  const source = logSource(settings, telemetry);
  const conditions: Condition[] = [];
  for (const [entity, value] of Object.entries(filters) as Array<[EntityField, string]>) {
    const rule = source.schema.entities[entity];
    const paths = (rule?.paths ?? []).filter((path) => source.schema.resolve(path) !== undefined);
    if (!rule || paths.length === 0) {
      return undefined;
    }
    const match = paths.length === 1 ? equals(paths[0], value) : any(...paths.map((path) => equals(path, value)));
    conditions.push(rule.when ? all(match, equals(rule.when.field, rule.when.equals)) : match);
  }
  if (conditions.length === 0) {
    return undefined;
  }
  const condition = conditions.length === 1 ? conditions[0] : all(...conditions);
  return compileLogDetection(searchDetection(telemetry, condition), source, {
    maxArrayElements: settings.maxArrayElements,
  }).logQuery;
}
