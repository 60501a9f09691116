import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE, podSpecEvidence } from './evidence';
import { hostPathPattern } from './hostPaths';
import { listParameter } from './lists';
import { anyVolume, jsonPatchSets, writesPodSpec } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

/**
 * Host folders and files that hand a pod the node: the root file system, host processes,
 * system configuration, the kubelet's folder and credentials, the runtimes' state, and the
 * container runtime sockets, which start any container on the node. Subfolders that node
 * agents mount by design are left out: /var/lib/docker/containers (log shippers) and
 * /var/lib/kubelet/pods and /var/lib/kubelet/plugins (CSI node plugins).
 */
export const SENSITIVE_HOST_PATHS = [
  '/',
  '/proc',
  '/proc/*',
  '/etc',
  '/etc/kubernetes',
  '/etc/kubernetes/*',
  '/etc/shadow',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/cron.d',
  '/etc/crontab',
  '/etc/systemd',
  '/etc/systemd/*',
  '/root',
  '/root/*',
  '/home/*',
  '/boot',
  '/var',
  '/var/lib',
  '/var/lib/kubelet',
  '/var/lib/kubelet/pki',
  '/var/lib/kubelet/pki/*',
  '/var/lib/kubelet/kubeconfig',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/run',
  '/var/run',
  '/run/docker.sock',
  '/var/run/docker.sock',
  '/run/containerd',
  '/run/containerd/*',
  '/var/run/containerd',
  '/var/run/containerd/*',
  '/run/crio',
  '/run/crio/*',
  '/var/run/crio',
  '/var/run/crio/*',
];

function condition(tuning: TuningValues) {
  const paths = hostPathPattern(listParameter(tuning, 'sensitivePaths'));
  return all(
    writesPodSpec,
    any(
      anyVolume(regex('hostPath.path', paths)),
      jsonPatchSets(
        any(
          all(regex('path', '.*/hostPath/path'), regex('value', paths)),
          all(regex('path', '.*/hostPath'), regex('value', `${ANY_TEXT}"path"${JSON_SPACE}:${JSON_SPACE}"(?:${paths})"${ANY_TEXT}`))
        ),
        `"hostPath"${JSON_SPACE}:${JSON_SPACE}\\{[^{}]*"path"${JSON_SPACE}:${JSON_SPACE}"(?:${paths})"`
      )
    ),
    ...trustedWorkloadExclusions(tuning)
  );
}

export const sensitiveHostPath: LogDetection = {
  kind: 'log',
  id: 'k8s-sensitive-hostpath',
  title: 'Sensitive host path mounted into a pod',
  description:
    'A pod or workload was created or changed with a hostPath volume on a host location that gives control of the node: ' +
    'the root file system, /proc, /etc, the kubelet folder, or a Docker, containerd or CRI-O socket. ' +
    'No privileged flag is needed: a writable /etc or root mount lets the container add users, cron jobs or systemd units, ' +
    'the kubelet folder holds its credentials and every pod volume on the node, and a runtime socket starts any container on the host. ' +
    'Severity is critical, as for a privileged container: once the pod runs, the request alone is a complete escape to the node, with no further weakness needed. ' +
    'Pod specs are read from requestObject, so the audit policy must log pods and workloads at the Request level or higher.',
  severity: 'critical',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    podSpecEvidence('Host paths', 'volumes[*].hostPath.path'),
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Node agents mount host folders by design: log shippers read /var/log, monitoring agents read /proc and the runtime socket, and security agents such as Falco read /proc, /etc and the sockets. They run as DaemonSets from a fixed namespace and image; add them to trustedNamespaces or trustedImages.',
    'Replica set, DaemonSet and job controllers create the pods of a workload that already has the mount, so one change of a DaemonSet yields one finding per node; the finding on the workload itself names the person who asked for it.',
    'Read-only mounts of single files such as /etc/localtime or /etc/ssl/certs, log folders and the kubelet folders of CSI node plugins are not in the default list; a path matches only when it names a listed location or lies below an entry that ends in /*.',
    'Kubelets create mirror pods for static control-plane pods, which mount /etc/kubernetes; they are exempt by default through trustedUsers (system:node:*).',
  ],
  tuning: [
    {
      name: 'sensitivePaths',
      kind: 'list',
      description:
        'Host paths that count as sensitive. Repeated slashes, "." steps and trailing slashes are ignored; an entry ending in /* also covers every path below that folder.',
      default: SENSITIVE_HOST_PATHS,
    },
    ...TRUSTED_WORKLOAD_PARAMETERS,
  ],
  response: {
    investigate: [
      'Identify who created or changed the workload, from which source IP and user agent, and whether a change ticket or pipeline run explains it.',
      'Check whether the mount is writable (volumeMounts readOnly) and which container uses it, and whether that image is one you build or trust.',
      'List the pods that already run with the mount and the nodes they were scheduled on.',
    ],
    contain: [
      'Cordon the affected nodes so no new pods are scheduled there until they are checked; do not drain them, because draining evicts the pods.',
      'Scale the workload to zero or delete the pod only once its logs, manifest, memory checkpoint and files are saved.',
      'Rotate the kubelet and service account credentials on those nodes if /var/lib/kubelet or a runtime socket was mounted.',
    ],
    forensics: [
      'Save the pod spec, container logs and image digest before anything is deleted.',
      'On each node, look for new users, SSH keys, cron entries, systemd units and static pod manifests written through the mount, and for containers started through a runtime socket.',
    ],
    remediate: [
      'Enforce the Pod Security Admission "baseline" level on application namespaces, which rejects hostPath volumes.',
      'Restrict create and update of pods and workloads in namespaces that must run node agents to the accounts that deploy them.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/concepts/security/api-server-bypass-risks/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
