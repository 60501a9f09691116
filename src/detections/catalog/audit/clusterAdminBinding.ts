import { TECHNIQUES } from '../../attack';
import { all, any, equals, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';

function condition(tuning: TuningValues) {
  const roles = listParameter(tuning, 'privilegedRoles');
  return all(
    oneOf('verb', ['create', 'update', 'patch']),
    equals('objectRef.apiGroup', 'rbac.authorization.k8s.io'),
    oneOf('objectRef.resource', ['clusterrolebindings', 'rolebindings']),
    any(
      listed('requestObject.roleRef.name', roles),
      // roleRef cannot change after creation, so a patch that adds subjects carries none.
      // The stored binding in responseObject (RequestResponse level) shows it, and the
      // built-in binding of cluster-admin is itself named cluster-admin.
      listed('responseObject.roleRef.name', roles),
      all(oneOf('verb', ['update', 'patch']), listed('objectRef.name', roles))
    ),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const clusterAdminBinding: LogDetection = {
  kind: 'log',
  id: 'k8s-cluster-admin-binding',
  title: 'Binding to cluster-admin created or changed',
  description:
    'Someone created or changed a ClusterRoleBinding or RoleBinding that grants cluster-admin (or another role in privilegedRoles), ' +
    'including a patch that adds a subject to an existing cluster-admin binding. ' +
    'cluster-admin allows every action on every resource, so a new binding to it is the most direct way to keep full control of a cluster after a first foothold, ' +
    'for example by binding it to a service account whose token the attacker already holds. ' +
    'Severity is high although bindings have benign uses, because the default list holds only cluster-admin, which is rarely granted after a cluster is set up. ' +
    'A RoleBinding to cluster-admin grants it only in its namespace, which is still full control of that namespace and its secrets.',
  severity: 'high',
  technique: TECHNIQUES.additionalClusterRoles,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Binding', paths: ['objectRef.name'] },
    { label: 'Role', paths: ['requestObject.roleRef.name', 'responseObject.roleRef.name'] },
    { label: 'Subject kinds', paths: ['requestObject.subjects[*].kind'] },
    { label: 'Subjects', paths: ['requestObject.subjects[*].name'] },
    { label: 'Subject namespaces', paths: ['requestObject.subjects[*].namespace'] },
  ],
  falsePositives: [
    'Cluster bootstrap and add-on installation create cluster-admin bindings (kubeadm, or the cluster-reconciler binding that Flux creates for its controllers); they happen once, at install or upgrade, by the installing account.',
    'Break-glass procedures grant cluster-admin to an on-call engineer for an incident; they should match a ticket and be removed afterwards.',
    'kubectl apply of an unchanged binding still sends a patch; the user and source match your deploy pipeline.',
  ],
  tuning: [
    {
      name: 'privilegedRoles',
      kind: 'list',
      description:
        'Roles and ClusterRoles whose bindings are reported, compared with roleRef.name. Add your own admin roles or admin, which grants full control of a namespace. An entry ending in * matches by prefix.',
      default: ['cluster-admin'],
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to manage these bindings, such as the account that installs the cluster. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who created or changed the binding and the subjects it grants; a service account or an unknown user or group is the most suspicious.',
      'Check whether the change matches a change request or a release of your deploy pipeline.',
      'Review what the new subjects did since the binding was made: secret reads, new workloads and further bindings.',
    ],
    contain: [
      'Delete the binding or remove the unexpected subjects, then rotate the credentials of those subjects and of the user who made the change.',
    ],
    forensics: [
      'Export the audit log of every request by the granted subjects since the binding was created, and save the binding object as it was.',
    ],
    remediate: [
      'Restrict the bind and escalate verbs and write access to bindings to the cluster administrators, and manage privileged bindings through source control.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
};
