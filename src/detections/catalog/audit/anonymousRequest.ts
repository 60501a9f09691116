import { TECHNIQUES } from '../../attack';
import { ANY_TEXT } from '../../../compiler/regex';
import { Condition, all, any, equals, listContains, not, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, listPattern } from './lists';

/**
 * The paths that the built-in ClusterRole system:public-info-viewer lets every caller read,
 * system:unauthenticated included (Kubernetes bootstrap policy, plugin/pkg/auth/authorizer/rbac/bootstrappolicy).
 * Load balancers and probes read them without credentials.
 */
const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

/**
 * Builds the exclusion for requests to the public paths, with or without a query string. Paths
 * match the path part of the request URI exactly, or by prefix for an entry ending in *.
 */
function publicPathRequest(paths: readonly string[]): Condition[] {
  if (paths.length === 0) {
    return [];
  }
  return [not(regex('requestURI', `(?:${listPattern(paths)})(?:\\?${ANY_TEXT})?`))];
}

/**
 * Matches a request the API server let through: authorization allowed it, or it has a success
 * code. A 404 after an allowed authorization still proves that anonymous callers hold the
 * permission, so it counts.
 */
const succeeded = any(equals('annotations["authorization.k8s.io/decision"]', 'allow'), regex('responseStatus.code', '[12][0-9][0-9]'));

function condition(tuning: TuningValues) {
  return all(
    any(equals('user.username', 'system:anonymous'), listContains('user.groups', ['system:unauthenticated'])),
    succeeded,
    ...publicPathRequest(listParameter(tuning, 'publicPaths'))
  );
}

/**
 * T1078.001 Valid Accounts: Default Accounts, because system:anonymous is the account that the API
 * server itself assigns to every request without credentials, as an appliance ships its guest account.
 */
export const anonymousRequest: LogDetection = {
  kind: 'log',
  id: 'k8s-anonymous-request',
  title: 'Anonymous request allowed by the API server',
  description:
    'A request without credentials, which the API server names system:anonymous in the group system:unauthenticated, was allowed, ' +
    'for something other than the public health and version endpoints. ' +
    'Out of the box anonymous callers can read only those endpoints, so any other success means that a RoleBinding or ClusterRoleBinding grants rights to system:anonymous or system:unauthenticated, ' +
    'or that the API server runs with the AlwaysAllow authorizer: anyone who can reach the API server, from the internet or from any pod, can then list secrets, create workloads or read the cluster\'s layout without leaving a name behind. ' +
    'A request counts as allowed when the authorizer allowed it or the response code is 1xx or 2xx, so a 404 for a missing object still shows that anonymous callers hold the permission. ' +
    'Severity is high: the request itself proves a misconfiguration that hands the cluster to unauthenticated callers, and its source is someone who found it.',
  severity: 'high',
  technique: TECHNIQUES.defaultAccounts,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, { label: 'Object', paths: ['objectRef.namespace', 'objectRef.name'] }, { label: 'Authorization reason', paths: ['annotations["authorization.k8s.io/reason"]'] }],
  falsePositives: [
    'Load balancers, uptime checks and kubelets probe /healthz, /livez, /readyz and /version without credentials; those paths are excluded through publicPaths.',
    'Clusters that publish service account issuer discovery (/.well-known/openid-configuration and /openid/v1/jwks) bind system:service-account-issuer-discovery to system:unauthenticated for workload identity federation; add those paths to publicPaths.',
    'Some distributions grant anonymous callers other read-only paths, such as OpenShift\'s /.well-known/oauth-authorization-server; the authorization reason names the binding that allowed the request.',
  ],
  tuning: [
    {
      name: 'publicPaths',
      kind: 'list',
      description:
        'Request paths, without the query string, that anonymous callers may read, such as /healthz. An entry ending in * matches every path that starts with the rest.',
      default: PUBLIC_PATHS,
    },
  ],
  response: {
    investigate: [
      'Read the authorization reason: it names the RoleBinding or ClusterRoleBinding that granted the request to system:anonymous or system:unauthenticated.',
      'List every request by system:anonymous in the audit log for the past weeks, grouped by source IP, resource and verb, to see what was read or changed and since when.',
      'Check whether the source IPs belong to your networks, a cloud load balancer or the internet.',
    ],
    contain: [
      'Export the offending binding (kubectl get clusterrolebinding -o yaml) as evidence, then delete it or remove system:anonymous and system:unauthenticated from its subjects.',
      'Restrict network access to the API server to known ranges, and consider --anonymous-auth=false or an anonymous authenticator limited to the health paths.',
    ],
    forensics: [
      'Save the audit events of every anonymous request and of the change that created the binding, with the user who made it.',
      'Treat every secret and token that anonymous callers could read as exposed and rotate it.',
    ],
    remediate: [
      'Review all bindings to system:anonymous, system:unauthenticated and system:authenticated, and manage RBAC through source control so that such a grant is reviewed.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
    'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
