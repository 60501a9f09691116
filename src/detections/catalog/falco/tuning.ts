import { FALCO_FIELDS } from '../../schemas';
import { Condition, all, exists, not, oneOf } from '../../conditions';
import type { TuningParameter, TuningValues } from '../../model';

/** Name of the tuning parameter that lists the Falco rules a detection reports. */
export const RULES_PARAMETER = 'falcoRules';

/** Name of the tuning parameter that lists the Kubernetes namespaces a detection skips. */
export const IGNORED_NAMESPACES_PARAMETER = 'ignoredNamespaces';

/** Declares the list of Falco rule names that a detection reports, with its upstream defaults. */
export function falcoRulesParameter(defaults: readonly string[], candidates?: string): TuningParameter {
  return {
    name: RULES_PARAMETER,
    kind: 'list',
    description:
      'Names of the Falco rules this detection reports, matched exactly and case-sensitively against the rule field of the alert. ' +
      'Add your own rules and renamed copies of upstream rules here instead of editing the detection.' +
      (candidates ? ` ${candidates}` : ''),
    default: defaults,
  };
}

export const IGNORED_NAMESPACES: TuningParameter = {
  name: IGNORED_NAMESPACES_PARAMETER,
  kind: 'list',
  description:
    'Kubernetes namespaces whose alerts this detection skips, matched exactly against k8s.ns.name (the k8s_ns_name label in text format). ' +
    'An empty string skips alerts without a namespace, which come from host processes and from containers that Kubernetes does not manage.',
  default: [],
};

/**
 * Builds the condition of a Falco detection, which holds when the alert comes from one of the
 * listed rules and not from an ignored namespace. Both fields exist in the text and the JSON format.
 * Throws when the rule list is empty, because the detection could then never fire.
 */
export function reportedFalcoRule(detectionId: string, tuning: TuningValues): Condition {
  // resolveTuning has checked that every list parameter contains strings only.
  const rules = tuning[RULES_PARAMETER] as readonly string[];
  const ignored = tuning[IGNORED_NAMESPACES_PARAMETER] as readonly string[];
  if (rules.length === 0) {
    throw new Error(
      `Tuning parameter ${RULES_PARAMETER} of detection ${detectionId} is empty, so the detection could never fire. ` +
        'List at least one Falco rule name, or disable the detection.'
    );
  }
  const conditions = [oneOf(FALCO_FIELDS.rule, rules)];
  const named = ignored.filter((namespace) => namespace !== '');
  if (named.length > 0) {
    conditions.push(not(oneOf(FALCO_FIELDS.namespace, named)));
  }
  if (named.length < ignored.length) {
    // NOTE: Loki 3.7.6 label filters never match "" against an alternation with an empty
    // branch, such as !~"shop|", so the empty entry gets a check of its own.
    conditions.push(exists(FALCO_FIELDS.namespace));
  }
  return conditions.length === 1 ? conditions[0] : all(...conditions);
}
