import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, FILE_EVIDENCE, PROCESS_EVIDENCE, outputField } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report a step of a container escape, with their file and priority. */
const ESCAPE_RULES = [
  // falco_rules.yaml (stable), CRITICAL: a write to a cgroup v1 release_agent file with CAP_SYS_ADMIN.
  'Detect release_agent File Container Escapes',
  // falco_rules.yaml (stable), WARNING: debugfs reads and writes the host's block device directly.
  'Debugfs Launched in Privileged Container',
  // falco-incubating_rules.yaml, WARNING: mounting the host's disk from a privileged container.
  'Mount Launched in Privileged Container',
  // falco_rules.yaml (stable), WARNING: init_module or finit_module from a container with CAP_SYS_MODULE.
  'Linux Kernel Module Injection Detected',
  // falco_rules.yaml (stable), WARNING: ptrace attach or code injection, on hosts and in containers.
  'PTRACE attached to process',
  // falco-incubating_rules.yaml, NOTICE: setns by an unexpected program, as `nsenter --target 1` does.
  'Change thread namespace',
  // falco-incubating_rules.yaml, NOTICE: unshare in a container without CAP_SYS_ADMIN, to gain it in a new user namespace.
  'Change namespace privileges via unshare',
  // falco-sandbox_rules.yaml, WARNING: reads and writes below /host, /rootfs or /hostfs from a container.
  'Container Access to Host Sensitive Paths',
  // falco-sandbox_rules.yaml, CRITICAL: a container opened a raw disk or /dev/mem.
  'Privileged Container Device Access',
  // falco-sandbox_rules.yaml, WARNING, disabled upstream: a write to /proc/self/exe (CVE-2019-5736, runc).
  'Modify Container Entrypoint',
];

export const falcoEscapePrimitive: LogDetection = {
  kind: 'log',
  id: 'falco-escape-primitive',
  title: 'Container escape primitive used (Falco)',
  description:
    'Falco reported a step that breaks out of a container to its node. The default rules cover the cgroup release_agent trick, ' +
    'debugfs or mount on the host disk from a privileged container, kernel module loading and entering the host namespaces. ' +
    'They also cover ptrace attachment to other processes, raw device access and file access through a mounted host path. ' +
    'A process that reaches the node can hide from per-container monitoring, read every secret on the node and start containers of its own. ' +
    'Each of these steps therefore needs an answer within minutes. ' +
    FALCO_RULES_VERSION,
  // High rather than critical, because the list mixes Falco CRITICAL rules with noisier WARNING and NOTICE ones.
  severity: 'high',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-escape-primitive', tuning),
  evidence: [
    ...ALERT_EVIDENCE,
    ...PROCESS_EVIDENCE,
    ...FILE_EVIDENCE,
    { label: 'Effective capabilities', paths: [outputField('thread.cap_effective')] },
    { label: 'Privileged container', paths: [outputField('container.privileged')] },
  ],
  falsePositives: [
    'Node agents that run privileged by design (CNI plugins, CSI node drivers, monitoring and security agents) call mount, setns and ptrace. They run from the same images in system namespaces, which ignoredNamespaces can skip.',
    'Debuggers and profilers (gdb, strace, perf, language profilers) attach with ptrace during an operator session. Their parent is an interactive shell of a known person.',
    'Container runtimes and `nsenter` used by administrators on the node itself trigger "Change thread namespace" outside any container, where the container ID is "host".',
    'Backup and log agents that mount the host filesystem read it below /host or /rootfs continuously, from the same process every time.',
  ],
  tuning: [
    falcoRulesParameter(
      ESCAPE_RULES,
      'Candidates that are off by default: "Unprivileged Delegation of Page Faults Handling to a Userspace Process" (sandbox, a kernel exploit primitive) and "Launch Privileged Container" (incubating, covered by the audit detections).'
    ),
    IGNORED_NAMESPACES,
  ],
  response: {
    investigate: [
      'Check whether the container is privileged, shares host namespaces or mounts host paths, and who deployed it.',
      'Read the command line, file and capabilities in the alert to see which primitive was used and whether it succeeded.',
      'Look on the node for processes, files and containers that appeared after the alert, outside the container that raised it.',
    ],
    contain: [
      'Cordon the node, but do not drain it yet: draining evicts the pod whose files and memory you need.',
      'Once the container files, a memory checkpoint and the node disk and memory images are saved, stop the container that raised the alert and drain the node.',
      'Rotate the credentials stored on the node, such as the kubelet client certificate and the service account tokens of its pods.',
    ],
    forensics: [
      'Image the node disk and memory before rebooting it, because an escape can leave a kernel module or a host process behind.',
      'Save the pod spec and the container filesystem that started the escape.',
    ],
    remediate: [
      'Enforce the Pod Security Admission "baseline" or "restricted" level, which forbids privileged containers, host namespaces and hostPath volumes.',
      'Set the RuntimeDefault seccomp profile on every pod, which blocks mount, unshare and kernel module loading for processes without the matching capability.',
      'Run nodes on cgroup v2, which has no release_agent file.',
      'Replace the node from a clean image rather than cleaning it.',
    ],
  },
  references: [FALCO_RULES_FILES.stable, FALCO_RULES_FILES.incubating, FALCO_RULES_FILES.sandbox],
};
