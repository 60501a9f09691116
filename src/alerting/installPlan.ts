import { SOURCE_LABEL } from './metadata';
import {
  AlertRuleGroup,
  OwnedField,
  ProvisionedAlertRule,
  RuleTarget,
  apiRule,
  changedFields,
  withoutReadOnlyFields,
} from './provisioningApi';

/**
 * The effect of an install on one rule. `removed`: a Cordon rule whose detection left the catalog.
 * `kept`: a rule in a Cordon group that this install does not write (added by a user, or a
 * detection skipped this time), left as it is. `failed`: the rule's group could not be written.
 */
export type RuleOutcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'kept' | 'failed';

export interface RulePlan {
  uid: string;
  title: string;
  group: string;
  outcome: RuleOutcome;
  /** Owned fields that differ, for `updated`. */
  changes: OwnedField[];
}

export interface GroupPlan {
  name: string;
  rules: RulePlan[];
  /** The group to PUT; absent when nothing changes. */
  payload?: AlertRuleGroup;
  /** Seconds before and after, when the evaluation interval changes. */
  intervalChange?: { from: number; to: number };
  /** The reason Cordon cannot write the group, for example rules provisioned from files. */
  blocked?: string;
}

/** The stored Cordon rules of all groups read in this run, and the group each one belongs in. */
export interface StoredRuleIndex {
  byUid: Map<string, ProvisionedAlertRule>;
  /** Group that this run writes each Cordon rule uid to. */
  desiredGroupOf: Map<string, string>;
  /** Detection ids of the catalog; a Cordon rule for any other id is stale. */
  catalogIds: ReadonlySet<string>;
}

function isStaleCordonRule(rule: ProvisionedAlertRule, catalogIds: ReadonlySet<string>): boolean {
  const labels = rule.labels ?? {};
  return labels.source === SOURCE_LABEL && rule.uid.startsWith('cordon-') && !catalogIds.has(labels.detection ?? '');
}

/**
 * Plans one rule group: compares each Cordon rule with the stored rule of the same uid (which may
 * sit in another Cordon group) and builds the group to PUT. A PUT replaces the whole group, so the
 * payload also carries the rules that stay. Each payload rule keeps `isPaused` and every field
 * Cordon does not own from the stored rule.
 */
export function planGroup(target: RuleTarget, stored: AlertRuleGroup | undefined, index: StoredRuleIndex): GroupPlan {
  const name = target.group.name;
  const fileProvisioned = (stored?.rules ?? []).filter((rule) => rule.provenance === 'file');
  if (fileProvisioned.length > 0) {
    const blocked =
      `Rule group "${name}" in folder ${target.folderUid} is provisioned from files, so the app cannot change it. ` +
      'Update the provisioning file (npx cordon export grafana-rules) and restart Grafana, or remove that file to manage the rules from here.';
    const rules = target.group.rules.map((rule) => ({
      uid: rule.uid,
      title: rule.title,
      group: name,
      outcome: 'failed' as const,
      changes: [],
    }));
    return { name, rules, blocked };
  }

  const plans: RulePlan[] = [];
  const payloadRules: ProvisionedAlertRule[] = [];
  for (const rule of target.group.rules) {
    const desired = apiRule(rule, target);
    const existing = index.byUid.get(rule.uid);
    if (!existing) {
      plans.push({ uid: rule.uid, title: rule.title, group: name, outcome: 'created', changes: [] });
      payloadRules.push({ ...desired, isPaused: false });
      continue;
    }
    const changes = changedFields(desired, existing);
    plans.push({
      uid: rule.uid,
      title: rule.title,
      group: name,
      outcome: changes.length > 0 ? 'updated' : 'unchanged',
      changes,
    });
    payloadRules.push({ ...withoutReadOnlyFields(existing), ...desired, isPaused: existing.isPaused ?? false });
  }

  for (const rule of stored?.rules ?? []) {
    const desiredGroup = index.desiredGroupOf.get(rule.uid);
    if (desiredGroup !== undefined) {
      // A Cordon rule of this run: planned above, or moving to another group, which takes it along.
      continue;
    }
    if (isStaleCordonRule(rule, index.catalogIds)) {
      plans.push({ uid: rule.uid, title: rule.title, group: name, outcome: 'removed', changes: [] });
      continue;
    }
    plans.push({ uid: rule.uid, title: rule.title, group: name, outcome: 'kept', changes: [] });
    payloadRules.push(withoutReadOnlyFields(rule));
  }

  const intervalChange =
    stored && stored.interval !== target.group.intervalSeconds
      ? { from: stored.interval, to: target.group.intervalSeconds }
      : undefined;
  const writes =
    !stored ||
    intervalChange !== undefined ||
    plans.some((plan) => ['created', 'updated', 'removed'].includes(plan.outcome));
  const payload: AlertRuleGroup | undefined = writes
    ? { title: name, folderUid: target.folderUid, interval: target.group.intervalSeconds, rules: payloadRules }
    : undefined;
  return { name, rules: plans, payload, intervalChange };
}
