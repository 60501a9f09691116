import { TECHNIQUES } from '../../attack';
import { ANY_TEXT } from '../../../compiler/regex';
import { all, any, anyElement, equals, exists, not, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';

function condition(tuning: TuningValues) {
  const roles = listParameter(tuning, 'privilegedRoles');
  // A strategic merge or JSON patch that writes subjects, or the whole object, of a
  // ClusterRoleBinding. A JSON patch path may start with any text before its first "/".
  const changesSubjects = any(
    exists('requestObject.subjects'),
    anyElement('requestObject', 'jps', all(oneOf('op', ['add', 'replace', 'copy', 'move']), regex('path', `[^/]*(?:/subjects(?:/${ANY_TEXT})?)?`)))
  );
  // Request level: the request names no role and no stored object shows it, so the change of
  // subjects fails closed, whatever role the binding grants. A RoleBinding may bind cluster-admin
  // in its namespace too.
  const subjectsOfUnknownRole = all(
    oneOf('verb', ['update', 'patch']),
    changesSubjects,
    not(exists('requestObject.roleRef')),
    not(exists('responseObject.roleRef'))
  );
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
      all(oneOf('verb', ['update', 'patch']), listed('objectRef.name', roles)),
      subjectsOfUnknownRole
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
    'including a patch that adds a subject to an existing cluster-admin binding such as kubeadm:cluster-admins. ' +
    'roleRef cannot change after creation, so a patch usually names only the subjects. ' +
    'At the RequestResponse level the stored binding in responseObject shows the role, and only privileged roles match. ' +
    'At the Request level a create or update shows the role, but a patch of a binding\'s subjects does not, so every such patch that names no role matches, whatever role it binds (fail closed), ' +
    'as does any patch of a binding named like a privileged role. ' +
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
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Cluster bootstrap and add-on installation create cluster-admin bindings (kubeadm, or the cluster-reconciler binding that Flux creates for its controllers); they happen once, at install or upgrade, by the installing account.',
    'Break-glass procedures grant cluster-admin to an on-call engineer for an incident; they should match a ticket and be removed afterwards.',
    'kubectl apply of an unchanged binding still sends a patch; the user and source match your deploy pipeline.',
    'At the Request level, a patch that changes the subjects of any ClusterRoleBinding matches, because the request does not name the role; the Role evidence is then empty. Log ClusterRoleBindings at the RequestResponse level to report only privileged roles, or add the accounts that manage bindings to trustedUsers.',
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
