import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE, literalAlternation } from '../../../compiler/regex';
import { Condition, all, any, anyElement, equals, exists, listContains, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';
import { jsonPatchSets } from './podSpec';

/**
 * Verbs that let the holder grant itself more: "*" covers every verb, escalate creates roles
 * with rights the creator lacks, bind creates bindings to such roles, and impersonate acts as
 * any user, group or service account named.
 */
const DANGEROUS_VERBS = ['*', 'escalate', 'bind', 'impersonate'];

/**
 * Identities that write roles as part of normal operation: the API server reconciles the
 * default roles (cluster-admin has "*") at every start, and the aggregation controller fills in
 * the rules of aggregated roles such as admin and edit.
 */
const TRUSTED_USERS = ['system:apiserver', 'system:serviceaccount:kube-system:clusterrole-aggregation-controller', 'system:kube-controller-manager'];

/** Builds a pattern that finds a string element equal to one of the values in any array of a JSON text. */
function arrayElementPattern(values: readonly string[]): string {
  return `${ANY_TEXT}[\\[,]${JSON_SPACE}"(?:${literalAlternation(values)})"${JSON_SPACE}[,\\]]${ANY_TEXT}`;
}

function grantsRules(verbs: readonly string[], resources: readonly string[]): Condition {
  const perRule = [
    ...(verbs.length > 0 ? [anyElement('requestObject.rules', 'rv', listContains('verbs', verbs))] : []),
    ...(resources.length > 0 ? [anyElement('requestObject.rules', 'rr', listContains('resources', resources))] : []),
  ];
  const keyed = [
    ...(verbs.length > 0 ? [`"verbs"${JSON_SPACE}:${JSON_SPACE}\\[[^\\]]*"(?:${literalAlternation(verbs)})"`] : []),
    ...(resources.length > 0 ? [`"resources"${JSON_SPACE}:${JSON_SPACE}\\[[^\\]]*"(?:${literalAlternation(resources)})"`] : []),
  ];
  const values = [...verbs, ...resources];
  return any(
    all(
      // Every matching role has one of the values as an element of some array in its rules. The
      // per-rule tests count a role with more rules than the inspected elements as a match, so
      // this test on the whole text keeps such a role silent unless it contains one of the values.
      regex('requestObject.rules', arrayElementPattern(values)),
      perRule.length === 1 ? perRule[0] : any(...perRule)
    ),
    // kubectl patch --type=json: a new verb or resource ("/rules/0/verbs/-"), a new list, or a whole rule.
    jsonPatchSets(
      any(
        all(regex('path', `[^/]*/rules(?:/${ANY_TEXT})?`), oneOf('value', values)),
        all(regex('path', `[^/]*/rules(?:/${ANY_TEXT})?`), regex('value', arrayElementPattern(values)))
      ),
      keyed.length === 1 ? keyed[0] : `(?:${keyed.join('|')})`,
      ['/rules/*/verbs/*', '/rules/*/resources/*']
    )
  );
}

function condition(tuning: TuningValues) {
  const verbs = listParameter(tuning, 'dangerousVerbs');
  const resources = listParameter(tuning, 'dangerousResources');
  if (verbs.length === 0 && resources.length === 0) {
    throw new Error(
      'Detection k8s-role-grants-escalation has nothing to report: dangerousVerbs and dangerousResources are both empty. Keep the default "*", escalate, bind and impersonate in dangerousVerbs.'
    );
  }
  // The aggregation controller copies into a ClusterRole with an aggregationRule the rules of
  // every role its selectors match, cluster-admin's "*" included, so the request shows no rule.
  const aggregates = all(
    equals('objectRef.resource', 'clusterroles'),
    any(
      exists('requestObject.aggregationRule'),
      anyElement('requestObject', 'jpa', all(oneOf('op', ['add', 'replace', 'copy', 'move']), regex('path', `[^/]*/aggregationRule(?:/${ANY_TEXT})?`)))
    )
  );
  return all(
    oneOf('verb', ['create', 'update', 'patch']),
    equals('objectRef.apiGroup', 'rbac.authorization.k8s.io'),
    oneOf('objectRef.resource', ['roles', 'clusterroles']),
    equals('objectRef.subresource', ''),
    any(grantsRules(verbs, resources), aggregates),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

/**
 * T1098.006 Account Manipulation: Additional Container Cluster Roles rather than T1078 Valid
 * Accounts: the request changes what an account may do (a role already bound to the adversary's
 * account takes effect at once, a new one once bound), while T1078 is the use of an account's
 * existing rights, which k8s-impersonation-privileged covers.
 */
export const roleGrantsEscalation: LogDetection = {
  kind: 'log',
  id: 'k8s-role-grants-escalation',
  title: 'Role grants wildcard, escalate, bind or impersonate rights',
  description:
    'Someone created or changed a Role or ClusterRole with a rule that grants every verb ("*") or every resource ("*"), or the escalate, bind or impersonate verbs. ' +
    'RBAC checks that a user cannot grant more than it holds, and these verbs are the ways around that check: escalate and bind let the holder create or bind roles beyond its own rights, ' +
    'impersonate lets it act as any user or service account, and a wildcard includes every future resource and subresource, such as secrets and pods/exec. ' +
    'Adding such a rule to a role already bound to the adversary\'s account takes effect at once and survives the removal of other footholds. ' +
    'A ClusterRole written with an aggregationRule matches whatever its rules say, because the aggregation controller fills its rules from every role its selectors pick, ' +
    'and a selector of the default roles (kubernetes.io/bootstrapping: rbac-defaults) makes a quiet copy of cluster-admin. ' +
    'Severity is medium: operators and charts ship such roles, and aggregated roles, for their own controllers and users, but a person or an unknown service account writing one deserves a look. ' +
    'Rules are read from requestObject, so the audit policy must log roles at the Request level or higher. ' +
    'A role with more rules than the inspected array elements matches when any of its arrays holds one of the listed values.',
  severity: 'medium',
  technique: TECHNIQUES.additionalClusterRoles,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Role', paths: ['objectRef.namespace', 'objectRef.name'] },
    { label: 'Rule verbs', paths: ['requestObject.rules[*].verbs'] },
    { label: 'Rule resources', paths: ['requestObject.rules[*].resources'] },
    { label: 'Rule API groups', paths: ['requestObject.rules[*].apiGroups'] },
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'The API server reconciles the default roles at start-up, and the aggregation controller fills in aggregated roles such as admin, edit and view; both are trusted by default.',
    'Operators and their Helm charts create ClusterRoles with "*" on their own API groups (for example verbs "*" on a CRD group), and GitOps controllers often hold "*" themselves; add the installing account to trustedUsers once the role is reviewed.',
    'kubectl apply of an unchanged role still sends a patch or an update with all its rules; the user is then the deploy pipeline.',
  ],
  tuning: [
    {
      name: 'dangerousVerbs',
      kind: 'list',
      description: 'Verbs whose grant is reported, matched exactly. Add create to also report roles that create pods, for example.',
      default: DANGEROUS_VERBS,
    },
    {
      name: 'dangerousResources',
      kind: 'list',
      description: 'Resources whose grant with any verb is reported, matched exactly, such as secrets or nodes/proxy. The default reports the wildcard "*".',
      default: ['*'],
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to write such roles, such as the account that installs your operators. An entry ending in * matches by prefix.',
      default: TRUSTED_USERS,
    },
  ],
  response: {
    investigate: [
      'Identify who wrote the role, which rule grants the wildcard or verb, and which subjects are bound to the role now (kubectl get rolebindings,clusterrolebindings -A -o wide).',
      'Compare the role with its version in source control or in the chart that installs it.',
      'Review what the bound subjects did since the change: new bindings, impersonated requests, secret reads.',
    ],
    contain: [
      'Save the role and its bindings as they are, then restore the previous rules or delete the role, and remove unexpected subjects from its bindings.',
      'Revoke the writer\'s permission to change roles if the change was not expected, and rotate its credentials.',
    ],
    forensics: [
      'Export the audit events of every request by the subjects bound to the role since it was written.',
    ],
    remediate: [
      'Grant escalate, bind and impersonate only with resourceNames that list what may be granted or impersonated, avoid wildcards in roles for people and workloads, and manage RBAC through source control.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
