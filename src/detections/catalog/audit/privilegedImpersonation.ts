import { TECHNIQUES } from '../../attack';
import { all, any, exists } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, listedElement, unlisted } from './lists';

/** Identities with cluster-wide power: administrators, control-plane components, nodes and kube-system service accounts. */
const PRIVILEGED_USERS = [
  'system:admin',
  'cluster-admin',
  'kubernetes-admin',
  'kubernetes-super-admin',
  'system:kube-controller-manager',
  'system:kube-scheduler',
  'system:apiserver',
  'system:node:*',
  'system:serviceaccount:kube-system:*',
];

/** system:masters bypasses RBAC; kubeadm binds kubeadm:cluster-admins to cluster-admin. */
const PRIVILEGED_GROUPS = ['system:masters', 'kubeadm:cluster-admins', 'system:nodes', 'system:serviceaccounts:kube-system'];

function condition(tuning: TuningValues) {
  return all(
    exists('impersonatedUser.username'),
    any(
      listed('impersonatedUser.username', listParameter(tuning, 'privilegedUsers')),
      listedElement('impersonatedUser.groups', listParameter(tuning, 'privilegedGroups'))
    ),
    ...unlisted('user.username', listParameter(tuning, 'trustedImpersonators'))
  );
}

export const privilegedImpersonation: LogDetection = {
  kind: 'log',
  id: 'k8s-impersonation-privileged',
  title: 'Request impersonates a privileged user or group',
  description:
    'A request used the Impersonate-User or Impersonate-Group headers (kubectl --as, --as-group) to act as a privileged identity: ' +
    'a member of system:masters, a control-plane component, a node, or a kube-system service account. ' +
    'The audit event names the real caller in user and the assumed identity in impersonatedUser. ' +
    'The impersonate verb is easy to overlook in RBAC reviews, yet it lets its holder borrow every right of the identity it names, ' +
    'and system:masters bypasses RBAC and authorization webhooks altogether. ' +
    'Severity is high: the request runs with full cluster rights under a name that hides the real actor from a casual look at the logs.',
  severity: 'high',
  technique: TECHNIQUES.validAccounts,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Real user', paths: ['user.username'] },
    { label: 'Impersonated groups', paths: ['impersonatedUser.groups[*]'] },
    { label: 'Object', paths: ['objectRef.namespace', 'objectRef.name'] },
  ],
  falsePositives: [
    'Access brokers and proxies (Rancher, Teleport, kube-oidc-proxy, Pinniped) impersonate the users they front; they become a finding only when the fronted user is privileged. Add the proxy to trustedImpersonators if its users are meant to be cluster administrators.',
    'Administrators test RBAC with kubectl --as; checking a kube-system service account this way is legitimate when it matches a ticket, and the real user is shown.',
  ],
  tuning: [
    {
      name: 'privilegedUsers',
      kind: 'list',
      description: 'Usernames whose impersonation is reported. An entry ending in * matches by prefix, as in system:serviceaccount:kube-system:*.',
      default: PRIVILEGED_USERS,
    },
    {
      name: 'privilegedGroups',
      kind: 'list',
      description: 'Groups whose impersonation is reported. An entry ending in * matches by prefix.',
      default: PRIVILEGED_GROUPS,
    },
    {
      name: 'trustedImpersonators',
      kind: 'list',
      description: 'Real users and service accounts expected to impersonate privileged identities, such as an access broker. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify the real user and the impersonated identity, and list every request the real user made while impersonating around that time.',
      'Check which role grants the real user the impersonate verb, and whether it is limited with resourceNames to specific users or groups.',
    ],
    contain: [
      'Remove the impersonate permission from the real user and rotate its credentials if the use was not expected.',
      'Undo changes made under the impersonated identity: new bindings, secrets read, workloads created.',
    ],
    forensics: [
      'Export all audit events whose user or impersonatedUser matches either identity for the incident window.',
    ],
    remediate: [
      'Grant impersonate only with resourceNames that list the identities allowed, and never for system:masters or kube-system service accounts.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/user-impersonation/',
    'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
