import { DEFAULT_WINDOW, compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import { CATALOG } from '../detections/catalog';
import type { Detection, Severity } from '../detections/model';
import type { Telemetry } from '../detections/telemetry';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import { formatDuration, parseDurationSeconds } from './durations';
import { buildHealthRules } from './healthRules';
import { PENDING_PERIOD, detectionAnnotations, detectionLabels, normalizeGrafanaUrl, ruleUid } from './metadata';

/** Title of the Grafana folder that holds every Cordon rule group. */
export const FOLDER_TITLE = 'Cordon';

/** Stable uid of that folder, so that the app finds it again on the next install. */
export const FOLDER_UID = 'cordon';

/** Rule groups, one per kind of telemetry, in this order. */
export const GROUP_ORDER: readonly Telemetry[] = ['audit', 'falco', 'runtime', 'metrics'];

/**
 * How often a rule of each severity should be evaluated. Each value divides the pending
 * period of the same or a lower severity, so `for` stays a whole number of evaluations.
 */
export const EVALUATION_INTERVAL: Record<Severity, string> = {
  critical: '30s',
  high: '1m',
  medium: '1m',
  low: '5m',
  info: '5m',
};

/** The health rules look back 15 minutes or more, so once a minute is often enough. */
const HEALTH_INTERVAL_SECONDS = 60;

/** Grafana's scheduler runs every 10 seconds (`base_interval`), and a group interval must be a multiple of it. */
const BASE_INTERVAL_SECONDS = 10;

/** How far back Grafana's query time range reaches; an instant query only needs its end, but the editor shows it. */
const DEFAULT_LOOKBACK_SECONDS = 600;

export type RuleDataSource = 'loki' | 'prometheus';

/** One alert rule in a form that no output format owns; the serializers turn it into Grafana, Loki or API shapes. */
export interface CordonRule {
  uid: string;
  title: string;
  detectionId: string;
  severity: Severity;
  /** Pending period, a Prometheus duration. */
  for: string;
  datasource: RuleDataSource;
  /** The detection's metric query; the alert fires for every series above 0. */
  expr: string;
  /** Labels of the query result; every alert instance carries them, and the annotation templates read them. */
  queryLabels: readonly string[];
  /** Static labels for routing and grouping. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Seconds of history the query reads, at least the detection's window. */
  lookbackSeconds: number;
}

export interface CordonRuleGroup {
  /** The kind of telemetry of its detections, or "health" for the rules on missing telemetry. */
  name: Telemetry | 'health';
  /** Evaluation interval, a Prometheus duration. */
  interval: string;
  intervalSeconds: number;
  rules: CordonRule[];
}

/** A detection that could not become a rule with the given settings, with the compiler's reason. */
export interface SkippedDetection {
  detectionId: string;
  reason: string;
}

export interface BuildRulesOptions {
  /** Grafana's root URL, for absolute runbook links. */
  grafanaUrl: string;
  settings: CordonSettings;
  /** Defaults to the whole catalog. */
  detections?: readonly Detection[];
  /** Skip detections of these data sources, for example when no data source uid is configured. */
  omitDataSources?: readonly RuleDataSource[];
  /** Add the rules that fire when telemetry stops arriving; true unless `detections` is given. */
  includeHealth?: boolean;
}

export interface BuildRulesResult {
  groups: CordonRuleGroup[];
  skipped: SkippedDetection[];
}

/** Compiles one detection into its rule; throws when the settings do not allow it. */
function buildRule(detection: Detection, grafanaUrl: string, settings: CordonSettings): CordonRule {
  const tuning = settings.tuning[detection.id];
  let expr: string;
  let queryLabels: readonly string[];
  let lookbackSeconds = DEFAULT_LOOKBACK_SECONDS;
  if (detection.kind === 'log') {
    const compiled = compileLogDetection(detection, logSource(settings, detection.telemetry), {
      maxArrayElements: settings.maxArrayElements,
      tuning,
    });
    expr = compiled.metricQuery;
    queryLabels = compiled.groupBy;
    lookbackSeconds = Math.max(lookbackSeconds, parseDurationSeconds(detection.window ?? DEFAULT_WINDOW));
  } else {
    const compiled = compileMetricDetection(detection, metricSelectors(settings), tuning);
    expr = compiled.query;
    queryLabels = compiled.groupBy;
  }
  return {
    uid: ruleUid(detection.id),
    title: detection.title,
    detectionId: detection.id,
    severity: detection.severity,
    for: pendingPeriod(detection),
    datasource: detection.kind === 'log' ? 'loki' : 'prometheus',
    expr,
    queryLabels,
    labels: detectionLabels(detection),
    annotations: detectionAnnotations(detection, grafanaUrl, queryLabels),
    lookbackSeconds,
  };
}

/**
 * Chooses a rule's pending period from its severity. A log detection counts events over its
 * window, so one event keeps the count above zero for exactly one window: a pending period as
 * long as the window would never let the alert fire, so it is cut to half the window.
 */
export function pendingPeriod(detection: Detection): string {
  const bySeverity = parseDurationSeconds(PENDING_PERIOD[detection.severity]);
  if (detection.kind !== 'log') {
    return formatDuration(bySeverity);
  }
  const window = parseDurationSeconds(detection.window ?? DEFAULT_WINDOW);
  return formatDuration(Math.min(bySeverity, Math.floor(window / 2)));
}

/**
 * Picks a group's evaluation interval. A rule group has one interval but holds rules of several
 * severities, so the group follows its most severe rule: lower-severity rules are evaluated more
 * often than they need, which costs queries but never delays an alert. The interval also never
 * exceeds the shortest counting window in the group, because events between two evaluations
 * that fall outside both windows would be missed.
 */
export function groupIntervalSeconds(detections: readonly Detection[]): number {
  let seconds = Infinity;
  for (const detection of detections) {
    seconds = Math.min(seconds, parseDurationSeconds(EVALUATION_INTERVAL[detection.severity]));
    if (detection.kind === 'log') {
      seconds = Math.min(seconds, parseDurationSeconds(detection.window ?? DEFAULT_WINDOW));
    }
  }
  const whole = Math.floor(seconds / BASE_INTERVAL_SECONDS) * BASE_INTERVAL_SECONDS;
  return Math.max(BASE_INTERVAL_SECONDS, whole);
}

/**
 * Builds every Cordon alert rule, grouped per kind of telemetry. A detection that does not
 * compile with the settings (for example a field the configured Falco format lacks) is listed
 * in `skipped` instead of failing the whole set.
 */
export function buildCordonRules(options: BuildRulesOptions): BuildRulesResult {
  const grafanaUrl = normalizeGrafanaUrl(options.grafanaUrl, 'Cordon alert rules');
  const detections = options.detections ?? CATALOG;
  const omitted = new Set(options.omitDataSources ?? []);
  const skipped: SkippedDetection[] = [];
  const groups: CordonRuleGroup[] = [];

  for (const name of GROUP_ORDER) {
    const members = detections
      .filter((detection) => detection.telemetry === name)
      .filter((detection) => !omitted.has(detection.kind === 'log' ? 'loki' : 'prometheus'));
    const rules: CordonRule[] = [];
    const compiled: Detection[] = [];
    for (const detection of members) {
      try {
        rules.push(buildRule(detection, grafanaUrl, options.settings));
        compiled.push(detection);
      } catch (error) {
        skipped.push({ detectionId: detection.id, reason: (error as Error).message });
      }
    }
    if (rules.length === 0) {
      continue;
    }
    const intervalSeconds = groupIntervalSeconds(compiled);
    groups.push({ name, interval: formatDuration(intervalSeconds), intervalSeconds, rules });
  }
  if (options.includeHealth ?? options.detections === undefined) {
    const health = buildHealthRules(options.settings, grafanaUrl).filter((rule) => !omitted.has(rule.datasource));
    if (health.length > 0) {
      groups.push({ name: 'health', interval: formatDuration(HEALTH_INTERVAL_SECONDS), intervalSeconds: HEALTH_INTERVAL_SECONDS, rules: health });
    }
  }
  return { groups, skipped };
}
