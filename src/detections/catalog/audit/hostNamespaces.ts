import { TECHNIQUES } from '../../attack';
import { JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE, podSpecEvidence } from './evidence';
import { POD_SPEC_AUDIT_LEVELS, anyPodSpec, jsonPatchSets, podSpecPointers, storedObjectHas, writesPodSpec } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

const HOST_NAMESPACE_FIELDS = ['hostPID', 'hostNetwork', 'hostIPC'] as const;

const HOST_NAMESPACE_TRUE = `"host(?:PID|Network|IPC)"${JSON_SPACE}:${JSON_SPACE}true`;

function condition(tuning: TuningValues) {
  return all(
    writesPodSpec,
    any(
      anyPodSpec((spec) => any(...HOST_NAMESPACE_FIELDS.map((field) => equals(`${spec}.${field}`, true)))),
      jsonPatchSets(all(regex('path', '.*/host(?:PID|Network|IPC)'), equals('value', true)), HOST_NAMESPACE_TRUE, podSpecPointers(HOST_NAMESPACE_FIELDS)),
      storedObjectHas('host(?:PID|Network|IPC)', HOST_NAMESPACE_TRUE)
    ),
    ...trustedWorkloadExclusions(tuning)
  );
}

export const hostNamespaces: LogDetection = {
  kind: 'log',
  id: 'k8s-host-namespaces',
  title: 'Pod shares the host PID, network or IPC namespace',
  description:
    'A pod or workload was created or changed with hostPID, hostNetwork or hostIPC set to true. ' +
    'With the host PID namespace a container sees every process on the node and, as root, can read their environment and memory or enter them with nsenter; ' +
    'with the host network it binds node ports, reaches services that listen only on the node (the kubelet, cloud metadata) and hides its traffic among the node\'s own; ' +
    'with the host IPC namespace it reads shared memory of host processes. ' +
    'Severity is high: each is an escape primitive that needs one more step, such as root in the container, to take the node. ' +
    POD_SPEC_AUDIT_LEVELS,
  severity: 'high',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    podSpecEvidence('Host PID', 'hostPID'),
    podSpecEvidence('Host network', 'hostNetwork'),
    podSpecEvidence('Host IPC', 'hostIPC'),
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'CNI plugins, kube-proxy, node-local DNS caches, ingress controllers and node exporters use the host network, and some monitoring and security agents use the host PID namespace. They run as DaemonSets from fixed namespaces and images; add them to trustedNamespaces or trustedImages.',
    'Controllers create the pods of a workload that already sets the flag, one finding per pod; the finding on the workload itself names the person who asked for it.',
    'Kubelets create mirror pods for static control-plane pods such as kube-apiserver and etcd, which use the host network; they are exempt by default through trustedUsers (system:node:*).',
    'A request that sets the flag to false does not match.',
    'At the RequestResponse level, a later patch that names the field matches again when the workload already has the setting; exempt known workloads with trustedNamespaces or trustedUsers, since such a patch often names no image for trustedImages to check.',
  ],
  tuning: [...TRUSTED_WORKLOAD_PARAMETERS],
  response: {
    investigate: [
      'Identify who created or changed the workload, from which source IP and user agent, and whether a change ticket explains it.',
      'Check which flag is set and whether the containers also run as root, add capabilities or mount host paths, which together allow a full escape.',
      'With hostNetwork, review the connections the pod opened to the kubelet port, the cloud metadata address and other nodes.',
    ],
    contain: [
      'Cordon the node if the pod ran as root with hostPID, because it could change host processes; do not drain it, because draining evicts the pod.',
      'Scale the workload to zero or delete the pod only once its logs, manifest, memory checkpoint and files are saved.',
    ],
    forensics: [
      'Save the pod spec, container logs and image digest.',
      'On the node, review processes started from the container\'s cgroup and nsenter or ptrace activity in the runtime or Falco logs.',
    ],
    remediate: [
      'Enforce the Pod Security Admission "baseline" level on application namespaces, which rejects host namespaces.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
