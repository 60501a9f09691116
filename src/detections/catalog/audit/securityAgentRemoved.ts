import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, anyElement, equals, exists, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';
import { DEPLOYERS } from './trust';
import { ARRAY_INDEX, anyPodSpec, containerPointers, jsonPatchSets, podSpecPointers, reachingPointerPattern, storedObjectHas } from './podSpec';

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
  // Admission policy engines. Gatekeeper's validating webhook fails open by default
  // (failurePolicy Ignore), so stopping it admits every pod unchecked.
  'kyverno',
  'kyverno-*',
  'gatekeeper-*',
];

/**
 * A JSON number that the API server stores as zero replicas. A strategic merge or merge patch
 * is applied to decoded JSON, where Go reads every number as a float64, and the result is
 * converted to the int32 field when the float is whole. So 0, -0, 0.0 and 0e5 all become 0, and
 * so does a number too small for a float64, such as 1e-400, which rounds to 0. An update or JSON
 * patch is decoded straight into the int32 field, which accepts -0 but rejects 0.0 (checked with
 * Go 1.26 encoding/json). The pattern also takes non-whole numbers below 1e-99, which the API server
 * rejects, so it adds only failed requests. A quoted "0" reads the same in Loki and matches too,
 * although the API server rejects a string for this field.
 */
const ZERO_REPLICAS = '-?(?:0(?:\\.0+)?(?:[eE][+-]?[0-9]+)?|(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?[eE]-0*[1-9][0-9]{2,}|0\\.0{99,}[0-9]*(?:[eE]-[0-9]+)?)';

/** Container fields whose change can stop an agent or make it report nothing. */
const AGENT_CONTAINER_FIELDS = ['command', 'args', 'image', 'securityContext'];

/**
 * Keys of a strategic merge patch that change those fields: the fields themselves, and the
 * directives that delete a container or items of its command or arguments.
 */
const CONTAINER_CHANGE = `${ANY_TEXT}"(?:${AGENT_CONTAINER_FIELDS.join('|')}|[$]patch|[$]deleteFromPrimitiveList/(?:command|args))"${JSON_SPACE}:${ANY_TEXT}`;

/** Resources of runtime security policies, whose deletion leaves their agent with nothing to enforce or record. */
const AGENT_POLICY_RESOURCES = ['tracingpolicies', 'tracingpoliciesnamespaced', 'kubearmorpolicies', 'kubearmorhostpolicies', 'kubearmorclusterpolicies'];

/** Turns an agent name, which also names its namespace, into the user names of that namespace's service accounts. */
function agentServiceAccounts(name: string): string {
  return name.endsWith('*') ? `system:serviceaccount:${name}` : `system:serviceaccount:${name}:*`;
}

export const securityAgentRemoved: LogDetection = {
  kind: 'log',
  id: 'k8s-security-agent-removed',
  title: 'Security agent removed or stopped',
  description:
    'Someone deleted the DaemonSet, Deployment or namespace of a runtime security or observability agent (Falco, Cilium, Tetragon, Datadog, Sysdig, CrowdStrike, Aqua, Prisma Cloud, Wiz and others), ' +
    'scaled its Deployment or StatefulSet to zero replicas (0 however written, including -0, 0.0 and 1e-400, which the API server stores as 0), ' +
    'updated or patched its DaemonSet with a node selector or affinity, which can leave it on no node, ' +
    'or changed the command, arguments, image or security context of its containers, or deleted one, in its DaemonSet, Deployment, StatefulSet or pods: ' +
    'a strategic merge patch that sets the command to sleep infinity keeps the agent\'s pods running and reporting healthy while they record nothing. ' +
    'A change or deletion of a ConfigMap in an agent\'s namespace by anyone but that namespace\'s service accounts matches too, because rules and outputs live there, ' +
    'as does the deletion of a Tetragon TracingPolicy or a KubeArmor policy. ' +
    'An update carries the whole object, so any update by someone outside trustedUsers matches. ' +
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
    { label: 'Images requested', paths: ['requestObject.spec.template.spec.containers[*].image', 'requestObject.spec.containers[*].image'] },
    { label: 'Commands requested', paths: ['requestObject.spec.template.spec.containers[*].command', 'requestObject.spec.containers[*].command'] },
    { label: 'Arguments requested', paths: ['requestObject.spec.template.spec.containers[*].args', 'requestObject.spec.containers[*].args'] },
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Uninstalling or reinstalling an agent with its Helm chart or GitOps application deletes its workloads; the user is your deploy account and the change matches a release.',
    'A Helm upgrade of an agent sends a patch with the new image, command or node selector, and kubectl edit sends an update; Argo CD and Flux are trusted by default, and other deploy accounts belong in trustedUsers. Compare the change with the chart values.',
    'A patch that changes only a probe\'s exec command also matches, because the container\'s command is read as any key named command in it.',
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
      description:
        'Users and service accounts that install and upgrade the agents. The default trusts the application controllers of Argo CD and Flux; add the account your pipeline uses. An entry ending in * matches by prefix.',
      default: DEPLOYERS.filter((user) => user.includes(':argocd:') || user.includes(':flux-system:')),
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

function condition(tuning: TuningValues) {
  const names = listParameter(tuning, 'agentNames');

  const deleted = all(
    oneOf('verb', ['delete', 'deletecollection']),
    oneOf('objectRef.resource', ['daemonsets', 'deployments', 'statefulsets', 'namespaces'])
  );

  // A DaemonSet cannot be scaled, but a node selector or affinity that no node matches
  // removes its pods from every node. An update carries the whole object, so an agent with any
  // node selector matches on every update.
  const unscheduled = all(
    oneOf('verb', ['update', 'patch']),
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
      regex('requestObject.spec.replicas', ZERO_REPLICAS),
      jsonPatchSets(
        all(regex('path', '[^/]*/spec/replicas'), regex('value', ZERO_REPLICAS)),
        `"replicas"${JSON_SPACE}:${JSON_SPACE}${ZERO_REPLICAS}[,} \\t\\n\\r]`,
        ['/spec/replicas']
      ),
      // Replicas is the first field of the spec of every scalable kind, so the stored spec starts with it.
      storedObjectHas('replicas', `"spec"${JSON_SPACE}:${JSON_SPACE}\\{${JSON_SPACE}"replicas"${JSON_SPACE}:${JSON_SPACE}${ZERO_REPLICAS}[,}]`)
    )
  );

  // A new command or arguments (sleep infinity), image or security context stops the agent or
  // leaves it blind on every node, as does deleting its container. The container lists are read
  // as Loki's text of the array, whose escapes are decoded, so one regex covers every container.
  const containerPointerList = containerPointers(AGENT_CONTAINER_FIELDS);
  const reachesContainer = `(?:${reachingPointerPattern(containerPointerList)})|[^/]*/spec(?:/template/spec)?/(?:containers|initContainers)/${ARRAY_INDEX}/(?:${AGENT_CONTAINER_FIELDS.join('|')})/${ANY_TEXT}`;
  const reconfigured = all(
    oneOf('verb', ['update', 'patch']),
    oneOf('objectRef.resource', ['daemonsets', 'deployments', 'statefulsets', 'pods']),
    equals('objectRef.subresource', ''),
    any(
      anyPodSpec((spec) => any(regex(`${spec}.containers`, CONTAINER_CHANGE), regex(`${spec}.initContainers`, CONTAINER_CHANGE))),
      jsonPatchSets(regex('path', reachesContainer), `"(?:${AGENT_CONTAINER_FIELDS.join('|')})"${JSON_SPACE}:`, containerPointerList),
      anyElement('requestObject', 'jpr', all(equals('op', 'remove'), regex('path', reachesContainer)))
    )
  );

  // An agent reads its rules and outputs from a ConfigMap in its namespace (Falco reloads it on
  // change), so emptying or deleting it blinds the agent while its pods stay healthy. The
  // agents' own service accounts write ConfigMaps of their namespace for leader election and
  // state, so they are left out.
  const configChanged = all(
    oneOf('verb', ['update', 'patch', 'delete', 'deletecollection']),
    equals('objectRef.resource', 'configmaps'),
    listed('objectRef.namespace', names),
    ...unlisted('user.username', names.map(agentServiceAccounts))
  );

  // Policies that tell eBPF agents what to watch: without them Tetragon and KubeArmor record nothing.
  const policyDeleted = all(
    oneOf('verb', ['delete', 'deletecollection']),
    oneOf('objectRef.resource', AGENT_POLICY_RESOURCES)
  );

  return all(
    any(all(any(listed('objectRef.name', names), listed('objectRef.namespace', names)), any(deleted, unscheduled, scaledToZero, reconfigured)), configChanged, policyDeleted),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

