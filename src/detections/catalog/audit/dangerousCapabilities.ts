import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { capabilityNamePattern } from './capabilities';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter } from './lists';
import { ARRAY_INDEX, POD_SPEC_AUDIT_LEVELS, POD_SPEC_ROOTS, anyContainer, containerPointers, jsonPatchSets, storedObjectHas, writesPodSpec } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

/**
 * Capabilities that break container isolation or act on the host. SYS_ADMIN controls mounts and
 * namespaces, SYS_PTRACE other processes, SYS_MODULE kernel modules, SYS_RAWIO raw devices and
 * I/O ports, BPF eBPF programs and NET_ADMIN host networking. DAC_READ_SEARCH reads any file by
 * handle (the "shocker" escape), and ALL grants every capability. SYS_BOOT allows kexec_load,
 * which boots another kernel on the node when the container has no seccomp profile, the
 * Kubernetes default unless the kubelet sets one. MAC_ADMIN changes AppArmor and SELinux policy,
 * the confinement of every container on the node. PERFMON opens system-wide perf events and,
 * with BPF, tracing programs that read the memory of host processes and other pods.
 */
const DANGEROUS_CAPABILITIES = [
  'SYS_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_RAWIO',
  'BPF',
  'NET_ADMIN',
  'DAC_READ_SEARCH',
  'SYS_BOOT',
  'MAC_ADMIN',
  'PERFMON',
  'ALL',
];

/** Builds a pattern that finds an element of a JSON array of strings in Loki's text of the array. */
function arrayElement(pattern: string): string {
  return `${ANY_TEXT}[\\[,]${JSON_SPACE}"${pattern}"${JSON_SPACE}[,\\]]${ANY_TEXT}`;
}

function condition(tuning: TuningValues) {
  const names = capabilityNamePattern(listParameter(tuning, 'capabilities'));
  const added = `"add"${JSON_SPACE}:${JSON_SPACE}\\[[^\\]]*"${names}"`;
  return all(
    writesPodSpec,
    any(
      anyContainer(regex('securityContext.capabilities.add', arrayElement(names))),
      jsonPatchSets(
        any(
          all(regex('path', `.*/capabilities/add/${ARRAY_INDEX}`), regex('value', names)),
          all(regex('path', '.*/capabilities/add'), regex('value', arrayElement(names)))
        ),
        added,
        containerPointers(['securityContext/capabilities/add/*'])
      ),
      storedObjectHas('capabilities', added)
    ),
    ...trustedWorkloadExclusions(tuning)
  );
}

export const dangerousCapabilities: LogDetection = {
  kind: 'log',
  id: 'k8s-dangerous-capabilities',
  title: 'Container adds a dangerous Linux capability',
  description:
    'A pod or workload was created or changed with a container whose securityContext.capabilities.add holds a capability that breaks container isolation, ' +
    'such as SYS_ADMIN (mounts, cgroups, namespaces), SYS_PTRACE (other processes), SYS_MODULE (kernel modules), BPF, NET_ADMIN, DAC_READ_SEARCH, SYS_BOOT (kexec of another kernel), MAC_ADMIN (AppArmor and SELinux policy), PERFMON or ALL. ' +
    'These are the building blocks of the known container escapes short of a privileged container. ' +
    'Names are matched in any letter case and with or without the CAP_ prefix, because the container runtime accepts all these spellings, ' +
    'including the letters ı and ſ, which Go\'s strings.ToUpper turns into I and S (so "ſys_admin" grants SYS_ADMIN). ' +
    'Severity is high: each is an escape primitive. ' +
    POD_SPEC_AUDIT_LEVELS,
  severity: 'high',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    {
      label: 'Added capabilities',
      paths: POD_SPEC_ROOTS.flatMap((root) =>
        ['containers', 'initContainers', 'ephemeralContainers'].map((list) => `${root.path}.${list}[*].securityContext.capabilities.add`)
      ),
    },
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'CNI plugins and VPN or service mesh sidecars add NET_ADMIN (and often NET_RAW) to program routes and iptables; eBPF-based agents such as Cilium, Tetragon or Falco add BPF, SYS_ADMIN or SYS_PTRACE. Add their namespaces or images to trustedNamespaces or trustedImages.',
    'Debug containers started with `kubectl debug --profile=sysadmin` or `--profile=netadmin` add capabilities on purpose; they show as ephemeralContainers of a pod and name the operator who asked for them.',
    'Controllers create the pods of a workload that already adds the capability, one finding per pod; the finding on the workload names the person who asked for it.',
    'At the RequestResponse level, a later patch that names the field matches again when the workload already has the setting; exempt known workloads with trustedNamespaces or trustedUsers, since such a patch often names no image for trustedImages to check.',
  ],
  tuning: [
    {
      name: 'capabilities',
      kind: 'list',
      description: 'Capability names that count as dangerous, with or without the CAP_ prefix, in any letter case.',
      default: DANGEROUS_CAPABILITIES,
    },
    ...TRUSTED_WORKLOAD_PARAMETERS,
  ],
  response: {
    investigate: [
      'Identify who created or changed the workload, from which source IP and user agent, and whether a change ticket explains it.',
      'Check which container adds the capability, whether it also runs as root or shares a host namespace, and whether its image is one you build or trust.',
    ],
    contain: [
      'Cordon the node if the container ran with SYS_ADMIN, SYS_MODULE or ALL, because it could change the host kernel or mounts; do not drain it, because draining evicts the pod.',
      'Scale the workload to zero or delete the pod only once its logs, manifest, memory checkpoint and files are saved.',
    ],
    forensics: [
      'Save the pod spec, container logs and image digest.',
      'On the node, look for loaded kernel modules, new mounts, eBPF programs and ptrace activity from the container in the runtime or Falco logs.',
    ],
    remediate: [
      'Enforce the Pod Security Admission "baseline" level, which allows only the default capability set, or "restricted", which allows only NET_BIND_SERVICE.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
};
