/*
 * Shapes of Grafana's alerting provisioning HTTP API (/api/v1/provisioning), checked against the
 * grafana/grafana source of the Grafana 12 line (pkg/services/ngalert/api/tooling/definitions/
 * provisioning_alert_rules.go, pkg/services/ngalert/models/alert_query.go) and the provisioning
 * API docs of Grafana 10 to 13, which keep these alert-rule endpoints in 13.
 * Unlike the file format, `for` is a duration string but a group's `interval` is in seconds,
 * the folder is a uid, and each rule repeats `folderUID` and `ruleGroup`.
 * NOTE: verified against a fake of the API only, not against a running Grafana.
 */
import { parseDurationSeconds } from './durations';
import {
  CONDITION_REF_ID,
  DataSourceUids,
  EXEC_ERR_STATE,
  GrafanaAlertQuery,
  NO_DATA_STATE,
  grafanaAlertQueries,
} from './grafanaQueries';
import type { CordonRule, CordonRuleGroup } from './rules';

/** A rule as GET returns it; fields Cordon does not set (notification_settings, keepFiringFor, ...) pass through. */
export interface ProvisionedAlertRule {
  uid: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  orgID?: number;
  condition: string;
  data: GrafanaAlertQuery[];
  noDataState: string;
  execErrState: string;
  for: string | number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
  /** "file" for rules from provisioning files, "api" for API rules without X-Disable-Provenance, "" otherwise. */
  provenance?: string;
  [field: string]: unknown;
}

export interface AlertRuleGroup {
  title: string;
  folderUid: string;
  /** Seconds. */
  interval: number;
  rules: ProvisionedAlertRule[];
}

/** Fields Grafana sets itself; they are dropped before a rule is sent back. */
const READ_ONLY_FIELDS = ['id', 'updated', 'provenance'];

/** The fields Cordon owns in a rule; an install overwrites them and leaves every other field as it is. */
export type OwnedField =
  'title' | 'condition' | 'data' | 'noDataState' | 'execErrState' | 'for' | 'labels' | 'annotations' | 'ruleGroup';

export interface RuleTarget {
  folderUid: string;
  group: CordonRuleGroup;
  uids: DataSourceUids;
  orgId: number;
}

/** Builds the API form of a Cordon rule, without `isPaused`, which belongs to the user. */
export function apiRule(rule: CordonRule, target: RuleTarget): ProvisionedAlertRule {
  return {
    uid: rule.uid,
    orgID: target.orgId,
    folderUID: target.folderUid,
    ruleGroup: target.group.name,
    title: rule.title,
    condition: CONDITION_REF_ID,
    data: grafanaAlertQueries(rule, target.uids),
    noDataState: NO_DATA_STATE,
    execErrState: EXEC_ERR_STATE,
    for: rule.for,
    labels: rule.labels,
    annotations: rule.annotations,
  };
}

/** Copies a stored rule without the fields Grafana sets itself. */
export function withoutReadOnlyFields(rule: ProvisionedAlertRule): ProvisionedAlertRule {
  const copy: ProvisionedAlertRule = { ...rule };
  for (const field of READ_ONLY_FIELDS) {
    delete copy[field];
  }
  return copy;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return false;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) {
    return false;
  }
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Grafana returns `for` as a duration string; older clients documented it as nanoseconds. */
function forSeconds(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') {
    return value / 1e9;
  }
  try {
    return parseDurationSeconds(value ?? '0s');
  } catch {
    return undefined;
  }
}

/**
 * Compares one query. The model counts as equal when every key Cordon sets is equal, because the
 * rule editor adds keys of its own (hide, legendFormat) that do not change the result.
 */
function sameQuery(desired: GrafanaAlertQuery, stored: GrafanaAlertQuery | undefined): boolean {
  if (!stored) {
    return false;
  }
  const storedRange = stored.relativeTimeRange ?? { from: 0, to: 0 };
  const storedModel = (stored.model ?? {}) as Record<string, unknown>;
  return (
    desired.refId === stored.refId &&
    desired.datasourceUid === stored.datasourceUid &&
    desired.queryType === (stored.queryType ?? '') &&
    deepEqual(desired.relativeTimeRange, storedRange) &&
    Object.entries(desired.model).every(([key, value]) => deepEqual(value, storedModel[key]))
  );
}

/** Lists the owned fields in which a stored rule differs from the rule Cordon would write. */
export function changedFields(desired: ProvisionedAlertRule, stored: ProvisionedAlertRule): OwnedField[] {
  const changes: OwnedField[] = [];
  for (const field of ['title', 'condition', 'noDataState', 'execErrState', 'ruleGroup'] as const) {
    if (desired[field] !== stored[field]) {
      changes.push(field);
    }
  }
  if (forSeconds(desired.for) !== forSeconds(stored.for)) {
    changes.push('for');
  }
  const storedData = stored.data ?? [];
  if (
    storedData.length !== desired.data.length ||
    desired.data.some((query, index) => !sameQuery(query, storedData[index]))
  ) {
    changes.push('data');
  }
  if (!deepEqual(desired.labels ?? {}, stored.labels ?? {})) {
    changes.push('labels');
  }
  if (!deepEqual(desired.annotations ?? {}, stored.annotations ?? {})) {
    changes.push('annotations');
  }
  return changes;
}
