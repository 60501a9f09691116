import { TECHNIQUES } from '../../attack';
import { JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, exists, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningParameter, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE, podSpecEvidence } from './evidence';
import { CREATES_OBJECT, POD_SPEC_AUDIT_LEVELS, POD_SPEC_ROOTS, WRITE_VERBS, jsonPatchSets, podSpecPointers, storedObjectHas } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

/** The pod templates of workloads; Pods are handled apart, because only their create can set nodeName. */
const TEMPLATE_ROOTS = POD_SPEC_ROOTS.filter((root) => root.alias !== 'pod');
const TEMPLATE_RESOURCES = TEMPLATE_ROOTS.flatMap((root) => root.kinds);

/**
 * Kubelets create mirror pods of static pods with nodeName set, and the default scheduler binds
 * every pod through pods/binding.
 */
const TRUSTED_USERS = ['system:node:*', 'system:kube-scheduler'];

const TUNING: readonly TuningParameter[] = TRUSTED_WORKLOAD_PARAMETERS.map((parameter) =>
  parameter.name === 'trustedUsers' && parameter.kind === 'list'
    ? {
        ...parameter,
        description:
          'Users and service accounts whose requests are exempt. The default exempts kubelets (system:node:*), which create mirror pods of static pods on their own node, and the default scheduler (system:kube-scheduler), which binds every pod. Add secondary schedulers here. An entry ending in * matches by prefix.',
        default: TRUSTED_USERS,
      }
    : parameter
);

const NODE_NAME_SET = `"nodeName"${JSON_SPACE}:${JSON_SPACE}"[^"]`;

function condition(tuning: TuningValues) {
  // The pod spec makes nodeName immutable once set, so only a request that creates a Pod can carry it.
  // The most specific test comes first in each branch, because it becomes the branch's line filter.
  const pinnedPod = all(exists('requestObject.spec.nodeName'), CREATES_OBJECT, equals('objectRef.resource', 'pods'), equals('objectRef.subresource', ''));
  const pinnedTemplate = all(
    any(
      ...TEMPLATE_ROOTS.map((root) => exists(`${root.path}.nodeName`)),
      jsonPatchSets(all(regex('path', '.*/template/spec/nodeName'), exists('value')), NODE_NAME_SET, podSpecPointers(['nodeName'])),
      storedObjectHas('nodeName', NODE_NAME_SET)
    ),
    oneOf('verb', WRITE_VERBS),
    oneOf('objectRef.resource', TEMPLATE_RESOURCES),
    equals('objectRef.subresource', '')
  );
  // A Binding assigns an existing pod to a node, which is what a scheduler does.
  const binding = all(
    any(all(equals('objectRef.subresource', 'binding'), equals('objectRef.resource', 'pods')), equals('objectRef.resource', 'bindings')),
    equals('verb', 'create')
  );
  // The verb comes first because its line filter drops the reads before the longer one runs.
  return all(oneOf('verb', WRITE_VERBS), any(pinnedPod, pinnedTemplate, binding), ...trustedWorkloadExclusions(tuning));
}

/**
 * T1610 Deploy Container: the request deploys a container, and naming the node is how the
 * adversary chooses where. ATT&CK has no technique of its own for placement; what follows it,
 * an escape on that node, is T1611 and has its own detections.
 */
export const podPinnedToNode: LogDetection = {
  kind: 'log',
  id: 'k8s-pod-pinned-to-node',
  title: 'Pod placed on a chosen node, bypassing the scheduler',
  description:
    'Someone other than a kubelet or the scheduler created a pod with spec.nodeName set, wrote a workload whose pod template sets it, or bound a pod to a node through pods/binding. ' +
    'A pod with nodeName skips the scheduler: the kubelet of that node starts it directly, ignoring nodeSelector, affinity and NoSchedule taints, ' +
    'so it can land on a control-plane node or next to a chosen victim pod, where a later escape reaches etcd certificates, the API server\'s keys or that victim\'s secrets. ' +
    'Ordinary workloads leave placement to the scheduler, so a person naming the node is unusual. ' +
    'Severity is medium: the placement alone grants nothing, but it is a deliberate step that usually precedes an escape on the chosen node. ' +
    POD_SPEC_AUDIT_LEVELS,
  severity: 'medium',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Object', paths: ['objectRef.name'] },
    {
      label: 'Node',
      paths: [...POD_SPEC_ROOTS.map((root) => `${root.path}.nodeName`), 'requestObject.target.name'],
    },
    podSpecEvidence('Tolerations', 'tolerations[*].key'),
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Kubelets create mirror pods of static pods with nodeName set, and the default scheduler binds every pod; both are trusted by default. Secondary schedulers (Volcano, Koordinator, the scheduler plugins of batch systems) bind pods under their own service accounts; add them to trustedUsers.',
    'Some node agents and operators pin pods to nodes on purpose, such as storage operators that run one job per disk or node maintenance tools; they run from fixed namespaces and images that you can add to trustedNamespaces or trustedImages.',
    'Engineers debugging a node run a pod on it by name: kubectl debug node/<name> creates such a pod, and with its default profile the pod also matches the host namespace and host path detections.',
    'At the RequestResponse level, a later patch of a workload whose template already sets nodeName matches again when the patch names nodeName; exempt known workloads with trustedNamespaces or trustedUsers.',
  ],
  tuning: TUNING,
  response: {
    investigate: [
      'Identify who created the pod or workload, which node it names, and whether that node is a control-plane node or hosts sensitive workloads.',
      'Check whether the same request or a later one also asks for privileges, host namespaces or host paths, and whether it tolerates the node\'s taints.',
      'List the other pods on the chosen node and what secrets and service accounts they use.',
    ],
    contain: [
      'Cordon the chosen node if the pod ran with any escape primitive, and check it before returning it to service; do not drain it, because draining evicts the pod.',
      'Delete the pod or scale its workload to zero only once its logs, manifest, memory checkpoint and files are saved.',
    ],
    forensics: [
      'Review the runtime and Falco logs of the node for processes started from the pod, and the audit log for other requests by the same user.',
    ],
    remediate: [
      'Reject pods that set spec.nodeName from ordinary users with an admission policy, and keep control-plane nodes tainted NoExecute or closed to workloads.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
  ],
};
