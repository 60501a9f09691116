import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, FILE_EVIDENCE, PROCESS_EVIDENCE } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report a program that is not part of the container image, with their file and priority. */
const DRIFT_RULES = [
  // falco_rules.yaml (stable), CRITICAL: the executable lives in the container's writable overlayfs layer.
  'Drop and execute new binary in container',
  // falco_rules.yaml (stable), WARNING: execution from /dev/shm, which survives container restarts.
  'Execution from /dev/shm',
  // falco_rules.yaml (stable), CRITICAL: a program run from a memfd_create file, leaving nothing on disk.
  'Fileless execution via memfd_create',
  // falco-sandbox_rules.yaml, ERROR, disabled upstream: chmod made a file in a container executable.
  'Container Drift Detected (chmod)',
  // falco-sandbox_rules.yaml, ERROR, disabled upstream: a file was created executable in a container.
  'Container Drift Detected (open+create)',
];

export const falcoContainerDrift: LogDetection = {
  kind: 'log',
  id: 'falco-container-drift',
  title: 'Program not in the container image executed (Falco)',
  description:
    'Falco reported container drift: a program ran that the image did not ship, because it was written into the container, ' +
    'run from /dev/shm or loaded from memory. Images are immutable, so such a program was brought in after the container started. ' +
    'This is how attackers install miners, scanners and tunnelling tools in a container they reached. ' +
    'The technique is Ingress Tool Transfer, because every default rule reports a program that had to be transferred in before it ran. ' +
    'Reflective Code Loading (T1620) would fit only the memfd_create rule. ' +
    FALCO_RULES_VERSION,
  severity: 'high',
  technique: TECHNIQUES.ingressToolTransfer,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-container-drift', tuning),
  evidence: [...ALERT_EVIDENCE, ...PROCESS_EVIDENCE, ...FILE_EVIDENCE],
  falsePositives: [
    'Images that install or compile software at start-up, such as language package managers, JIT-built plugins and init scripts that download an agent. The same image drifts on every start with the same executable path.',
    'Operators copying a debugging tool into a container with `kubectl cp` or `docker cp`. The audit log or the Docker events show the copy by a known person just before.',
    'Browsers and runtimes that use memfd_create for sandboxing, such as Chromium in test containers. Their process name is stable and the image is a test image.',
  ],
  tuning: [
    falcoRulesParameter(
      DRIFT_RULES,
      'Candidates that are off by default because they report writes rather than execution: "Write below binary dir", "Modify binary dirs" and "Mkdir binary dirs" (sandbox).'
    ),
    IGNORED_NAMESPACES,
  ],
  response: {
    investigate: [
      'Read the executable path, command line and parent process in the alert, and check how the file got into the container (curl or wget, kubectl cp, a volume).',
      'Hash the executable and look it up in your threat intelligence source.',
      'Check whether other containers of the same image or node report the same executable.',
    ],
    contain: [
      'Isolate the pod with a deny-all NetworkPolicy and stop the container once the evidence is saved.',
      'Block the destination the program was downloaded from, if the alert or the network logs show it.',
    ],
    forensics: [
      'Copy the executable out of the container and save `docker diff` or the overlayfs upper directory of the container before it is deleted.',
      'Capture the memory of the process when the program ran from memfd_create, because nothing of it is on disk.',
    ],
    remediate: [
      'Run containers with readOnlyRootFilesystem and mount writable volumes noexec where the application allows it.',
      'Rebuild the image with the tools it needs instead of installing them at run time.',
    ],
  },
  references: [FALCO_RULES_FILES.stable, FALCO_RULES_FILES.sandbox],
};
