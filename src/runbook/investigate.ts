import { compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import type { Detection } from '../detections/model';
import { EntityField, LogTelemetry, TELEMETRY_NAMES } from '../detections/telemetry';
import { logNamespaceStages, metricSelectorsForNamespaces } from '../datasource/namespace';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import type { RunbookContext } from './context';
import { ExploreQuery, TimeRange, entityEventsQuery, exploreUrl } from './explore';

const MINUTE_MS = 60_000;

/** Raw events: 15 minutes either side of the alert. */
export const EVENT_WINDOW_MS = 15 * MINUTE_MS;

/** Window of the activity queries (what else an actor, image or object did): 6 hours before the alert to 1 hour after. */
export const ACTIVITY_BEFORE_MS = 6 * 60 * MINUTE_MS;
export const ACTIVITY_AFTER_MS = 60 * MINUTE_MS;

const EVENT_WINDOW_TEXT = '15 minutes either side of the alert';
const ACTIVITY_WINDOW_TEXT = 'from 6 hours before the alert to 1 hour after';

/** One Explore query of the Investigate section. */
export interface InvestigateLink {
  id: string;
  title: string;
  /** One line on what the query shows and over which window. */
  description: string;
  /** The query as Explore will run it; `<name>` stands for a value the alert did not provide. */
  query: string;
  datasource: 'loki' | 'prometheus';
  /** Explore address; absent when a value or the data source is missing. */
  url?: string;
  /** Alert values the query needs but the URL lacks. */
  missing: EntityField[];
  range: TimeRange;
}

export interface InvestigateOptions {
  detection: Detection;
  settings: CordonSettings;
  context: RunbookContext;
  /** Grafana's sub path, such as "" or "/grafana", from config.appSubUrl. */
  appSubUrl: string;
}

const LOG_TELEMETRY: readonly LogTelemetry[] = ['audit', 'falco', 'runtime'];

function windowAround(timeMs: number): TimeRange {
  return { fromMs: timeMs - EVENT_WINDOW_MS, toMs: timeMs + EVENT_WINDOW_MS };
}

function activityWindow(timeMs: number): TimeRange {
  return { fromMs: timeMs - ACTIVITY_BEFORE_MS, toMs: timeMs + ACTIVITY_AFTER_MS };
}

/** Compiles the detection's own query: its matching events for a log detection, its series for a metric detection. */
function detectionQuery(options: InvestigateOptions): { query: string; datasource: 'loki' | 'prometheus'; namespace?: string } | undefined {
  const { detection, settings } = options;
  const tuning = settings.tuning[detection.id];
  // Where the detection reads a namespace, the alert's namespace narrows the query the way the data
  // source's namespace filter does: as one escaped value that cannot change the query's structure.
  const namespace = options.context.values.namespace;
  try {
    if (detection.kind === 'log') {
      const source = logSource(settings, detection.telemetry);
      const compiled = compileLogDetection(detection, source, { maxArrayElements: settings.maxArrayElements, tuning });
      const stages = namespace === undefined ? undefined : logNamespaceStages(source.schema, [namespace]);
      return stages
        ? { query: `${compiled.logQuery} ${stages}`, datasource: 'loki', namespace }
        : { query: compiled.logQuery, datasource: 'loki' };
    }
    const scoped = namespace !== undefined && detection.entities.namespace === 'namespace';
    const selectors = scoped ? metricSelectorsForNamespaces(metricSelectors(settings), [namespace]) : metricSelectors(settings);
    return {
      query: compileMetricDetection(detection, selectors, tuning).query,
      datasource: 'prometheus',
      ...(scoped ? { namespace } : {}),
    };
  } catch {
    // The Detections page explains a detection that does not compile; the runbook offers the other queries.
    return undefined;
  }
}

/**
 * Builds the Explore queries of the Investigate section: the detection's own query, the events
 * of the pod in every log source, and what else the user, the image and the object did.
 * A query the configured log formats cannot express is left out.
 */
export function investigateLinks(options: InvestigateOptions): InvestigateLink[] {
  const { detection, settings, context } = options;
  const links: InvestigateLink[] = [];

  const link = (
    id: string,
    [title, description]: [string, string],
    datasource: 'loki' | 'prometheus',
    query: string,
    range: TimeRange,
    missing: EntityField[]
  ) => {
    const uid = datasource === 'loki' ? settings.lokiUid : settings.prometheusUid;
    const target: ExploreQuery | undefined = uid ? { datasource: { type: datasource, uid }, expr: query } : undefined;
    const url = target && missing.length === 0 ? exploreUrl(options.appSubUrl, target, range) : undefined;
    links.push({ id, title, description, query, datasource, url, missing, range });
  };

  const own = detectionQuery(options);
  if (own) {
    const [every, all] = detection.kind === 'log' ? ['Every event', 'The events'] : ['Every series', 'The series'];
    const scope = own.namespace === undefined ? `${every} this detection matched, in all namespaces` : `${all} this detection matched in namespace ${own.namespace}`;
    link(
      'detection',
      [detection.kind === 'log' ? 'Events this detection matched' : 'Series this detection matched', `${scope}, ${EVENT_WINDOW_TEXT}.`],
      own.datasource,
      own.query,
      windowAround(context.timeMs),
      []
    );
  }

  const entityLink = (
    id: string,
    text: [string, string],
    telemetry: LogTelemetry,
    fields: EntityField[],
    range: TimeRange
  ) => {
    const missing = fields.filter((field) => context.values[field] === undefined);
    const filters = Object.fromEntries(fields.map((field) => [field, context.values[field] ?? `<${field}>`]));
    let query: string | undefined;
    try {
      query = entityEventsQuery(settings, telemetry, filters);
    } catch {
      // A value no LogQL string can hold (a lone UTF-16 surrogate); the other links still work.
      query = undefined;
    }
    if (query !== undefined) {
      link(id, text, 'loki', query, range, missing);
    }
  };

  const ownTelemetry = detection.kind === 'log' ? [detection.telemetry] : [];
  const podSources = [...ownTelemetry, ...LOG_TELEMETRY.filter((telemetry) => !ownTelemetry.includes(telemetry))];
  for (const telemetry of podSources) {
    entityLink(
      `pod-${telemetry}`,
      [
        `${TELEMETRY_NAMES[telemetry]}: events of this pod`,
        `Everything this source recorded for the pod, ${EVENT_WINDOW_TEXT}.`,
      ],
      telemetry,
      ['namespace', 'pod'],
      windowAround(context.timeMs)
    );
  }

  const activity = activityWindow(context.timeMs);
  for (const telemetry of LOG_TELEMETRY) {
    entityLink(
      `user-${telemetry}`,
      [`${TELEMETRY_NAMES[telemetry]}: what else this user did`, `Every event of the user, ${ACTIVITY_WINDOW_TEXT}.`],
      telemetry,
      ['user'],
      activity
    );
  }
  for (const telemetry of LOG_TELEMETRY) {
    entityLink(
      `image-${telemetry}`,
      [
        `${TELEMETRY_NAMES[telemetry]}: where else this image ran`,
        `Every event that names the image, ${ACTIVITY_WINDOW_TEXT}.`,
      ],
      telemetry,
      ['image'],
      activity
    );
  }
  if (context.values.resource !== undefined && context.values.name !== undefined) {
    const fields: EntityField[] =
      context.values.namespace !== undefined ? ['namespace', 'resource', 'name'] : ['resource', 'name'];
    entityLink(
      'object-audit',
      [
        `${TELEMETRY_NAMES.audit}: what else happened to this object`,
        `Every request on the object, with the bodies the audit policy records, ${ACTIVITY_WINDOW_TEXT}.`,
      ],
      'audit',
      fields,
      activity
    );
  }
  return links;
}
