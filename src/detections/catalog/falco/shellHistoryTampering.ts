import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, FILE_EVIDENCE, PROCESS_EVIDENCE } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report deleted or emptied shell history, with their file and priority. */
const SHELL_HISTORY_RULES = [
  // falco-incubating_rules.yaml, WARNING: rename, unlink or O_TRUNC of bash, zsh and fish history files.
  'Delete or rename shell history',
  // falco_rules.yaml up to falco-rules 1.0.0, WARNING: the older rule for .bash_history, kept for older rule files.
  'Delete Bash History',
];

export const falcoShellHistoryTampering: LogDetection = {
  kind: 'log',
  id: 'falco-shell-history-tampering',
  title: 'Shell history deleted or truncated (Falco)',
  description:
    'Falco reported that a shell history file (.bash_history, .zsh_history, fish history) was deleted, renamed or emptied. ' +
    'Intruders clear the history after working in a shell so that the commands they typed in a container or on a node are gone. ' +
    FALCO_RULES_VERSION,
  severity: 'medium',
  technique: TECHNIQUES.clearCommandHistory,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-shell-history-tampering', tuning),
  evidence: [...ALERT_EVIDENCE, ...PROCESS_EVIDENCE, ...FILE_EVIDENCE],
  falsePositives: [
    'A shell rewriting its own history file when an interactive session ends, such as after `kubectl exec -it`. The process is the shell itself, a known person opened the session, and no rm or `history -c` appears in the command line.',
    'Image builds and provisioning scripts that remove history files to keep images clean. They run during the build or the first boot, from the build tool or the init system.',
  ],
  tuning: [falcoRulesParameter(SHELL_HISTORY_RULES), IGNORED_NAMESPACES],
  response: {
    investigate: [
      'Read the process and command line in the alert, where rm, unset HISTFILE, `history -c` or a redirect into the file points to deliberate deletion.',
      'Find the session that preceded it, such as a shell alert or a pods/exec audit event for the same pod shortly before.',
    ],
    contain: [
      'Treat the container or node as compromised if the session is not explained, and isolate it.',
    ],
    forensics: [
      'Recover the deleted history from a disk image or the container\'s overlayfs layer, and collect the process accounting or audit records of the session.',
    ],
    remediate: [
      'Record interactive sessions outside the container, with Kubernetes audit logging of pods/exec and Falco or auditd process events, so history files are not the only record.',
    ],
  },
  references: [FALCO_RULES_FILES.incubating, 'https://github.com/falcosecurity/rules/blob/falco-rules-1.0.0/rules/falco_rules.yaml'],
};
