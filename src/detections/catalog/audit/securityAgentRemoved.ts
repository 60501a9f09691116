import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, exists, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';
import { jsonPatchSets, podSpecPointers } from './podSpec';

/**
 * Names of the DaemonSets, Deployments and namespaces of common runtime security and
 * observability agents, as their manifests and charts name them by default.
 */
const SECURITY_AGENT_NAMES = [
  'falco',
  'falco-*',
  'falcon-*',
  'crowdstrike*',
  'cilium',
  'cilium-*',
  'tetragon',
  'tetragon-*',
  'datadog',
  'datadog-*',
  'sysdig',
  'sysdig-*',
  'aqua',
  'aqua-*',
  'twistlock',
  'twistlock-*',
  'wiz',
  'wiz-*',
  'neuvector',
  'neuvector-*',
  'kubearmor',
  'kubearmor-*',
  'tracee',
  'tracee-*',
  'microsoft-defender-*',
  'amazon-guardduty',
  'aws-guardduty-*',
  'lacework',
  'lacework-*',
  'elastic-agent',
  'elastic-agent-*',
];

function condition(tuning: TuningValues) {
  const names = listParameter(tuning, 'agentNames');
  const deleted = all(
    oneOf('verb', ['delete', 'deletecollection']),
    oneOf('objectRef.resource', ['daemonsets', 'deployments', 'statefulsets', 'namespaces'])
  );
  // A DaemonSet cannot be scaled, but a node selector or affinity that no node matches
  // removes its pods from every node.
  const unscheduled = all(
    equals('verb', 'patch'),
    equals('objectRef.resource', 'daemonsets'),
    equals('objectRef.subresource', ''),
    any(
      exists('requestObject.spec.template.spec.nodeSelector'),
      exists('requestObject.spec.template.spec.affinity'),
      jsonPatchSets(
        regex('path', `[^/]*/spec/template/spec/(?:nodeSelector|affinity)(?:/${ANY_TEXT})?`),
        `"(?:nodeSelector|affinity)"${JSON_SPACE}:`,
        podSpecPointers(['nodeSelector', 'affinity'])
      )
    )
  );
  const scaledToZero = all(
    oneOf('verb', ['update', 'patch']),
    oneOf('objectRef.resource', ['deployments', 'statefulsets', 'replicasets']),
    oneOf('objectRef.subresource', ['', 'scale']),
    any(
      equals('requestObject.spec.replicas', 0),
      jsonPatchSets(all(regex('path', '[^/]*/spec/replicas'), equals('value', 0)), `"replicas"${JSON_SPACE}:${JSON_SPACE}0[,} \\t\\n\\r]`, ['/spec/replicas'])
    )
  );
  return all(
    any(listed('objectRef.name', names), listed('objectRef.namespace', names)),
    any(deleted, unscheduled, scaledToZero),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const securityAgentRemoved: LogDetection = {
  kind: 'log',
  id: 'k8s-security-agent-removed',
  title: 'Security agent removed or stopped',
  description:
    'Someone deleted the DaemonSet, Deployment or namespace of a runtime security or observability agent (Falco, Cilium, Tetragon, Datadog, Sysdig, CrowdStrike, Aqua, Prisma Cloud, Wiz and others), ' +
    'scaled its Deployment or StatefulSet to zero replicas, or patched its DaemonSet with a node selector or affinity, which can leave it on no node. ' +
    'With the agent gone, what happens next inside containers and on nodes is no longer recorded, so attackers do this before they act. ' +
    'Severity is high: it is a direct impairment of the cluster\'s defenses. ' +
    'Objects are matched by name or namespace against agentNames, so an agent installed under another name needs an entry there.',
  severity: 'high',
  technique: TECHNIQUES.disableOrModifyTools,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Object', paths: ['objectRef.name'] },
    { label: 'Replicas requested', paths: ['requestObject.spec.replicas'] },
    { label: 'Node selector', paths: ['requestObject.spec.template.spec.nodeSelector'] },
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Uninstalling or reinstalling an agent with its Helm chart or GitOps application deletes its workloads; the user is your deploy account and the change matches a release.',
    'A Helm upgrade that changes the node selector of an agent DaemonSet sends a patch with the new selector; compare it with the chart values.',
    'Names are matched by prefix, so an unrelated workload whose name starts like an agent (for example wiz-quiz) also matches; narrow agentNames to the names you run.',
  ],
  tuning: [
    {
      name: 'agentNames',
      kind: 'list',
      description:
        'Names of the security agents\' DaemonSets, Deployments, StatefulSets and namespaces. An entry ending in * matches by prefix.',
      default: SECURITY_AGENT_NAMES,
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts that install and upgrade the agents, such as your GitOps controller. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who removed or changed the agent, from which source IP and user agent, and whether an upgrade or uninstall was planned.',
      'Find out how long the agent was absent on each node and review the audit log of that window for new workloads, exec sessions and bindings.',
    ],
    contain: [
      'Reinstall or restore the agent from source control at once, and revoke the user\'s write access to its namespace.',
      'Rotate the credentials of the user or service account if the change was not planned.',
    ],
    forensics: [
      'Collect node and container runtime logs for the window without the agent, since the agent\'s own records of it are missing.',
    ],
    remediate: [
      'Restrict write access to agent namespaces to the accounts that install them, and alert when an agent stops reporting, which also covers removals this detection cannot see.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
};
