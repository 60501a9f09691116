import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE, podSpecEvidence } from './evidence';
import { hostPathPattern } from './hostPaths';
import { listParameter } from './lists';
import { POD_SPEC_AUDIT_LEVELS, anyVolume, jsonPatchSets, podSpecPointers, storedObjectHas, writesPodSpec } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

/**
 * Host folders and files that hand a pod the node. Every entry also covers the folders above it
 * (see hostPathPattern), so /var and /run need no entry of their own.
 *
 * /var/log is left out although a writable mount of it is an escape primitive: a symlink placed
 * under /var/log/pods makes the kubelet read a host file as root when someone runs kubectl logs
 * on that pod (Aqua's check KHV047). That read still needs pods/log access and yields files,
 * not the node. Every log shipper (Fluent Bit, Promtail, Vector, Filebeat) mounts /var/log on
 * every node, so a default entry would raise a critical finding per node at each rollout of a
 * shipper. Add it to sensitivePaths, with the shippers' images in trustedImages, to report it.
 * /var/lib/docker/containers (log shippers) and /var/lib/kubelet/plugins (CSI node plugins) are
 * left out for the same reason.
 */
export const SENSITIVE_HOST_PATHS = [
  // The root file system, host processes, devices (a block device mounts the node's disk),
  // kernel interfaces and modules.
  '/',
  '/proc/*',
  '/sys',
  '/dev',
  '/dev/mem',
  '/dev/kmem',
  '/dev/port',
  '/dev/sd*',
  '/dev/vd*',
  '/dev/xvd*',
  '/dev/nvme*',
  '/dev/dm-*',
  '/dev/mapper/*',
  '/dev/disk/*',
  '/boot',
  '/lib/modules',
  '/usr/lib/modules',
  // Files that add users, logins, preloaded libraries, scheduled commands and services.
  '/etc',
  '/etc/passwd',
  '/etc/shadow',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/ssh',
  '/etc/ld.so.preload',
  '/etc/crontab',
  '/etc/cron.d',
  '/etc/cron.hourly',
  '/etc/cron.daily',
  '/etc/cron.weekly',
  '/etc/cron.monthly',
  '/var/spool/cron',
  '/etc/systemd/*',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
  '/etc/kubernetes/*',
  '/srv/kubernetes',
  // Shared libraries that every program on the node loads.
  '/lib64',
  '/usr/lib64',
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  // Programs that root runs on the node: system binaries, the kubelet of Flatcar (/opt/bin), CNI
  // plugins, which the runtime runs as root for every new pod, and FlexVolume drivers, which the
  // kubelet runs as root.
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/opt/bin',
  '/opt/cni/bin',
  '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
  // systemd's private socket and the system D-Bus socket, through which root starts units.
  '/run/systemd/*',
  '/var/run/systemd/*',
  '/run/dbus/*',
  '/var/run/dbus/*',
  // Home folders with SSH keys and shell profiles.
  '/root/*',
  '/home/*',
  // The kubelet's folder and credentials, every pod's volumes with its service account token,
  // etcd's data, the k3s and RKE2 server token and keys, and the runtimes' state.
  '/var/lib/kubelet',
  '/var/lib/kubelet/pki/*',
  '/var/lib/kubelet/kubeconfig',
  '/var/lib/kubelet/pods/*',
  '/var/lib/etcd',
  '/var/lib/rancher/*',
  '/var/lib/docker',
  '/var/lib/containerd',
  // Container runtime sockets, which start any container on the node: Docker, containerd, CRI-O,
  // k3s, MicroK8s, cri-dockerd and Podman.
  '/run/docker.sock',
  '/var/run/docker.sock',
  '/run/containerd/*',
  '/var/run/containerd/*',
  '/run/crio/*',
  '/var/run/crio/*',
  '/run/k3s/containerd/*',
  '/var/run/k3s/containerd/*',
  '/var/snap/microk8s/common/run/*',
  '/run/cri-dockerd.sock',
  '/var/run/cri-dockerd.sock',
  '/run/podman/*',
  '/var/run/podman/*',
];

function condition(tuning: TuningValues) {
  const paths = hostPathPattern(listParameter(tuning, 'sensitivePaths'));
  const mounted = `"hostPath"${JSON_SPACE}:${JSON_SPACE}\\{[^{}]*"path"${JSON_SPACE}:${JSON_SPACE}"(?:${paths})"`;
  // A PersistentVolume's source cannot change after creation, and server-side apply creates with
  // the verb patch. A claim bound to the volume then mounts it in a pod with no hostPath of its own.
  const persistentVolume = all(
    oneOf('verb', ['create', 'patch']),
    equals('objectRef.resource', 'persistentvolumes'),
    any(regex('requestObject.spec.hostPath.path', paths), regex('requestObject.spec.local.path', paths))
  );
  const podSpec = all(
    writesPodSpec,
    any(
      anyVolume(regex('hostPath.path', paths)),
      jsonPatchSets(
        any(
          all(regex('path', '.*/hostPath/path'), regex('value', paths)),
          all(regex('path', '.*/hostPath'), regex('value', `${ANY_TEXT}"path"${JSON_SPACE}:${JSON_SPACE}"(?:${paths})"${ANY_TEXT}`))
        ),
        mounted,
        podSpecPointers(['volumes/*/hostPath/path']),
        { escapedSlash: true }
      ),
      storedObjectHas('hostPath', mounted)
    )
  );
  return all(any(podSpec, persistentVolume), ...trustedWorkloadExclusions(tuning));
}

export const sensitiveHostPath: LogDetection = {
  kind: 'log',
  id: 'k8s-sensitive-hostpath',
  title: 'Sensitive host path mounted into a pod',
  description:
    'A pod or workload was created or changed with a hostPath volume on a host location that gives control of the node. ' +
    'A PersistentVolume created with a hostPath or local path there matches too, because any pod that claims it mounts that path. ' +
    'The locations are the root file system, /proc, /sys, block devices, /etc, system binaries and libraries, kernel modules, the CNI and FlexVolume plugin folders, the kubelet folder and etcd\'s data. ' +
    'They also include the systemd and D-Bus sockets, and the socket of Docker, containerd, CRI-O, k3s, MicroK8s, cri-dockerd or Podman. A folder above a listed location, such as /var, matches too. ' +
    'No privileged flag is needed. A writable /etc or root mount lets the container add users, SSH keys, cron jobs or systemd units. ' +
    'A writable binary or CNI plugin folder plants code that root runs on the node. ' +
    'The kubelet folder contains its credentials and every pod\'s volumes, service account tokens included, and a runtime socket starts any container on the host. ' +
    'Severity is critical, as for a privileged container: once the pod runs, the request alone is a complete escape to the node, with no further weakness needed. ' +
    POD_SPEC_AUDIT_LEVELS,
  severity: 'critical',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    podSpecEvidence('Host paths', 'volumes[*].hostPath.path'),
    { label: 'Volume host path', paths: ['requestObject.spec.hostPath.path', 'requestObject.spec.local.path'] },
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Node agents mount host folders by design. Monitoring agents read /proc, /sys and the runtime socket, and node-exporter\'s systemd collector also reads the D-Bus socket. Security agents such as Falco read /proc, /etc, /dev, /lib/modules and the sockets, CNI plugins write /opt/cni/bin, and CSI node plugins mount /var/lib/kubelet/pods. They run as DaemonSets from a fixed namespace and image; add them to trustedNamespaces or trustedImages.',
    'Replica set, DaemonSet and job controllers create the pods of a workload that already has the mount, so one change of a DaemonSet yields one finding per node; the finding on the workload itself names the person who asked for it.',
    'Read-only mounts of single files such as /etc/localtime or /etc/ssl/certs, /var/log (mounted by every log shipper), /var/lib/docker/containers and /var/lib/kubelet/plugins are not in the default list; a path matches only when it names a listed location, a folder above one, or lies below an entry that ends in /*.',
    'Kubelets create mirror pods for static control-plane pods, which mount /etc/kubernetes; they are exempt by default through trustedUsers (system:node:*).',
    'At the RequestResponse level, a later patch that names the field matches again when the workload already has the setting; exempt known workloads with trustedNamespaces or trustedUsers, since such a patch often names no image for trustedImages to check.',
  ],
  tuning: [
    {
      name: 'sensitivePaths',
      kind: 'list',
      description:
        'Host paths that count as sensitive. Repeated slashes, "." steps and trailing slashes are ignored; every entry also covers the folders above it, and an entry ending in /* also covers every path below that folder. Add /var/log to report log folder mounts.',
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
