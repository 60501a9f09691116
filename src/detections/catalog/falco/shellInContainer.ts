import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, PROCESS_EVIDENCE } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report a shell, with their file and priority. */
const SHELL_RULES = [
  // falco_rules.yaml (stable), NOTICE: a shell with a terminal as the container's entrypoint or exec.
  'Terminal shell in container',
  // falco_rules.yaml (stable), NOTICE: a shell below a non-shell application, on hosts and in containers.
  'Run shell untrusted',
  // falco-sandbox_rules.yaml, CRITICAL: nginx, apache, php-fpm and other web servers spawning a shell.
  'Web Server Spawned Shell',
];

export const falcoShellInContainer: LogDetection = {
  kind: 'log',
  id: 'falco-shell-in-container',
  title: 'Shell spawned in a container (Falco)',
  description:
    'Falco reported a shell in a container. Either someone opened an interactive shell with a terminal, as `kubectl exec -it` and `docker exec -it` do, ' +
    'or an application that never starts one spawned it, as a web server does after a command injection. ' +
    'Containers run one service and rarely need a shell. A shell is therefore often the first hands-on step of an intruder, ' +
    'who can work unseen in a container that the usual monitoring does not cover. ' +
    FALCO_RULES_VERSION,
  severity: 'medium',
  technique: TECHNIQUES.unixShell,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-shell-in-container', tuning),
  evidence: [...ALERT_EVIDENCE, ...PROCESS_EVIDENCE],
  falsePositives: [
    'Operators debugging a pod with `kubectl exec -it ... -- sh`. The audit log shows a pods/exec request by a known person for the same pod at the same time.',
    'Services that run shell helpers by design, such as Java or Node.js applications calling `sh -c`, trigger "Run shell untrusted". Their parent and command line repeat on every run, while an attacker\'s commands vary.',
    'CI runners and development namespaces where shells are routine. List those namespaces in ignoredNamespaces.',
  ],
  tuning: [
    falcoRulesParameter(SHELL_RULES, 'Candidates that are off by default: "System user interactive" (stable, mostly host logins).'),
    IGNORED_NAMESPACES,
  ],
  response: {
    investigate: [
      'Find who opened the shell by matching the pod and time with pods/exec requests in the Kubernetes audit log, or with exec_start events in the Docker events of the node.',
      'Read the command line, parent process and terminal in the alert to tell an interactive session from a spawned shell.',
      'List the other Falco alerts of the same container in the following minutes, such as new binaries, outbound connections or log deletion.',
    ],
    contain: [
      'Revoke the credentials that opened the session and isolate the pod with a deny-all NetworkPolicy if the shell is not explained.',
      'Delete the pod once evidence is saved, so its owner replaces it from the clean image.',
    ],
    forensics: [
      'Save the shell history, the process tree and the files changed in the container before the pod is deleted, from the node (`docker diff`, or the container\'s /proc/<pid>/root) rather than with `kubectl debug`, which adds a container to the pod.',
    ],
    remediate: [
      'Remove shells from production images (distroless or scratch bases) and restrict pods/exec to an on-call group.',
      'Patch the application if a web server or other service spawned the shell.',
    ],
  },
  references: [FALCO_RULES_FILES.stable, FALCO_RULES_FILES.sandbox],
};
