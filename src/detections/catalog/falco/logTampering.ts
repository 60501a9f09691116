import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, FILE_EVIDENCE, PROCESS_EVIDENCE } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report cleared system logs, with their file and priority. */
const LOG_CLEARING_RULES = [
  // falco_rules.yaml (stable), WARNING: a log file below the log directories opened with O_TRUNC.
  'Clear Log Activities',
];

export const falcoLogTampering: LogDetection = {
  kind: 'log',
  id: 'falco-log-tampering',
  title: 'System log files cleared (Falco)',
  description:
    'Falco reported that a process truncated a system or access log, such as syslog, auth.log, kern.log or a web server access log. ' +
    'Clearing logs erases the record of what an intruder did in a container or on a node before anyone reads it. ' +
    'Log files written inside a container are often not shipped anywhere else, so their loss can be complete. ' +
    FALCO_RULES_VERSION,
  severity: 'medium',
  technique: TECHNIQUES.clearSystemLogs,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-log-tampering', tuning),
  evidence: [...ALERT_EVIDENCE, ...PROCESS_EVIDENCE, ...FILE_EVIDENCE],
  falsePositives: [
    'logrotate with copytruncate, and log shippers that truncate files they have sent. The process is logrotate or the shipper, it runs on a schedule, and the file is rotated rather than emptied at a random time.',
    'Applications that truncate their own log file at start-up. The process is the application itself and the alert repeats at every start.',
  ],
  tuning: [
    falcoRulesParameter(LOG_CLEARING_RULES, 'Add custom rules that watch your own log paths, such as application audit logs.'),
    IGNORED_NAMESPACES,
  ],
  response: {
    investigate: [
      'Read the file, process and command line in the alert, and check whether the process is a log rotation tool running on its schedule.',
      'Compare the shipped copy of the log in your central store with what is left on disk to find the time range that was removed.',
      'Look for other alerts from the same container or node in the hour before the logs were cleared.',
    ],
    contain: [
      'Isolate the container or node, because clearing logs usually follows other activity the intruder wants to hide.',
    ],
    forensics: [
      'Recover the cleared data from the central log store, from journald or from a disk image, where deleted blocks may still hold it.',
    ],
    remediate: [
      'Ship logs off the container and the node as they are written, so that local deletion cannot remove the only copy.',
      'Make log directories append-only for application users where the platform allows it.',
    ],
  },
  references: [FALCO_RULES_FILES.stable],
};
