import { TECHNIQUES } from '../../attack';
import { Condition, all, any, equals } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';
import { CREATES_OBJECT } from './podSpec';

/**
 * Identities that request tokens for kube-system service accounts as part of normal operation:
 * kubelets, for the projected token volumes of the pods on their node, and the controller
 * manager, for its controllers' service accounts and the legacy token secrets.
 */
const TRUSTED_USERS = ['system:node:*', 'system:kube-controller-manager'];

const SERVICE_ACCOUNT_NAME_ANNOTATION = 'requestObject.metadata.annotations["kubernetes.io/service-account.name"]';

/** Builds "the service account is privileged", by its namespace or, for `nameField`, by its name. */
function privilegedAccount(namespaces: readonly string[], names: readonly string[], nameField: string): Condition {
  const tests = [
    ...(namespaces.length > 0 ? [listed('objectRef.namespace', namespaces)] : []),
    ...(names.length > 0 ? [listed(nameField, names)] : []),
  ];
  return tests.length === 1 ? tests[0] : any(...tests);
}

function condition(tuning: TuningValues) {
  const namespaces = listParameter(tuning, 'privilegedNamespaces');
  const names = listParameter(tuning, 'privilegedServiceAccounts');
  if (namespaces.length === 0 && names.length === 0) {
    throw new Error(
      'Detection k8s-privileged-token-request has nothing to report: privilegedNamespaces and privilegedServiceAccounts are both empty. List kube-system in privilegedNamespaces or name the service accounts to watch.'
    );
  }
  // kubectl create token and client libraries call the TokenRequest API, POST .../serviceaccounts/<name>/token.
  // The most specific test comes first in each branch, because it becomes the branch's line filter.
  const tokenRequest = all(
    equals('objectRef.subresource', 'token'),
    equals('objectRef.resource', 'serviceaccounts'),
    privilegedAccount(namespaces, names, 'objectRef.name'),
    equals('verb', 'create')
  );
  // A Secret of this type makes the token controller fill in a token that never expires.
  const legacyTokenSecret = all(
    equals('requestObject.type', 'kubernetes.io/service-account-token'),
    equals('objectRef.resource', 'secrets'),
    equals('objectRef.subresource', ''),
    privilegedAccount(namespaces, names, SERVICE_ACCOUNT_NAME_ANNOTATION),
    CREATES_OBJECT
  );
  return all(any(tokenRequest, legacyTokenSecret), ...unlisted('user.username', listParameter(tuning, 'trustedUsers')));
}

export const privilegedTokenRequest: LogDetection = {
  kind: 'log',
  id: 'k8s-privileged-token-request',
  title: 'Token requested for a privileged service account',
  description:
    'Someone other than a kubelet or the controller manager asked the API server for a token of a service account in kube-system (or another listed namespace or account), ' +
    'through the TokenRequest API (kubectl create token, the serviceaccounts/token subresource) or by creating a Secret of type kubernetes.io/service-account-token (with create or a server-side apply), which the token controller fills with a token that never expires. ' +
    'The service accounts of kube-system run the cluster\'s controllers, and several of them can read every secret, create pods in any namespace or grant roles; ' +
    'a token minted for one of them lets the requester act as that controller from anywhere, for as long as the token lives, and its requests then appear under the controller\'s name. ' +
    'Create on serviceaccounts/token is easy to miss in RBAC reviews because it reads like a harmless subresource. ' +
    'Severity is high because outside of kubelets and the controller manager nobody needs these tokens. ' +
    'The token secret branch reads requestObject, so it needs secrets logged at the Request level; the TokenRequest branch works at the Metadata level.',
  severity: 'high',
  technique: TECHNIQUES.stealApplicationAccessToken,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Service account', paths: ['objectRef.namespace', 'objectRef.name', SERVICE_ACCOUNT_NAME_ANNOTATION] },
    { label: 'Audiences', paths: ['requestObject.spec.audiences[*]'] },
    { label: 'Requested lifetime (seconds)', paths: ['requestObject.spec.expirationSeconds'] },
    { label: 'Bound to', paths: ['requestObject.spec.boundObjectRef.kind', 'requestObject.spec.boundObjectRef.name'] },
  ],
  falsePositives: [
    'Kubelets request tokens for the projected service account volumes of the pods on their node, kube-system pods included, and refresh them about every hour; they are trusted by default through system:node:*.',
    'The controller manager requests tokens for its own controllers when it runs with --use-service-account-credentials, and cloud controller managers do the same under their own identity on some distributions; add that identity to trustedUsers.',
    'Administrators who debug a controller\'s permissions may mint a short-lived token for it; the user, a short requested lifetime and a change ticket tell this apart.',
  ],
  tuning: [
    {
      name: 'privilegedNamespaces',
      kind: 'list',
      description: 'Namespaces whose every service account is privileged. An entry ending in * matches by prefix.',
      default: ['kube-system'],
    },
    {
      name: 'privilegedServiceAccounts',
      kind: 'list',
      description:
        'Names of privileged service accounts in any namespace, such as argocd-application-controller. Names are compared without the namespace, so pick names that no other team uses. An entry ending in * matches by prefix.',
      default: [],
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to request these tokens. An entry ending in * matches by prefix.',
      default: TRUSTED_USERS,
    },
  ],
  response: {
    investigate: [
      'Identify who requested the token, for which service account, with what lifetime and audience, and whether the request was bound to a pod or secret.',
      'Check which role grants the requester create on serviceaccounts/token or create on secrets in that namespace, and whether it should.',
      'Search the audit log for requests made as that service account from source IPs or user agents other than its controller\'s.',
    ],
    contain: [
      'Save the audit events of the token request and of every later request made as the service account, then revoke the token: delete the token secret or the object the token is bound to. An unbound token stays valid until it expires, unless the service account is deleted and recreated or the signing key is rotated.',
      'Remove the requester\'s permission to create tokens or secrets in the namespace and rotate its own credentials.',
    ],
    forensics: [
      'Export every audit event whose user is the service account for the token\'s lifetime, and list the objects it read or changed.',
    ],
    remediate: [
      'Grant create on serviceaccounts/token and on secrets in kube-system to no one but the cluster administrators, and cap token lifetimes with --service-account-max-token-expiration.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/',
    'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_token/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
