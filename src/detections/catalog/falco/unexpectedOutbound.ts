import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { ALERT_EVIDENCE, NETWORK_EVIDENCE, PROCESS_EVIDENCE } from './evidence';
import { FALCO_RULES_FILES, FALCO_RULES_VERSION } from './sources';
import { IGNORED_NAMESPACES, falcoRulesParameter, reportedFalcoRule } from './tuning';

/** Upstream rules that report reverse shells and connections to unexpected destinations, with their file and priority. */
const OUTBOUND_RULES = [
  // falco_rules.yaml (stable), NOTICE: stdin, stdout or stderr of a container process duplicated onto a TCP or UDP socket.
  'Redirect STDOUT/STDIN to Network Connection in Container',
  // falco_rules.yaml (stable), WARNING: nc -e or ncat --exec in a container.
  'Netcat Remote Code Execution in Container',
  // falco_rules.yaml (stable), NOTICE: outbound ssh to a non-standard port, a reverse shell carried over SSH.
  'Disallowed SSH Connection Non Standard Port',
  // falco-incubating_rules.yaml, WARNING: a container in a listed namespace talking outside its local subnet.
  'Network Connection outside Local Subnet',
  // falco-sandbox_rules.yaml, CRITICAL: /dev/tcp, nc -e and scripting one-liners started by a web server.
  'Reverse Shell from Web Server',
  // falco-sandbox_rules.yaml, WARNING: nc -e or socat EXEC on the node, where an escaped process lands.
  'Netcat/Socat Remote Code Execution on Host',
  // archive/falco-deprecated_rules.yaml, NOTICE, disabled: any destination outside the allowed addresses, networks and domains.
  'Unexpected outbound connection destination',
  // archive/falco-deprecated_rules.yaml, WARNING, disabled: a destination on the C2 address and domain lists.
  'Outbound Connection to C2 Servers',
  // archive/falco-deprecated_rules.yaml, WARNING, disabled: listed images talking on other ports or from other programs.
  'Outbound or Inbound Traffic not to Authorized Server Process and Port',
];

export const falcoUnexpectedOutbound: LogDetection = {
  kind: 'log',
  id: 'falco-unexpected-outbound',
  title: 'Reverse shell or unexpected outbound connection (Falco)',
  description:
    'Falco reported a command channel leaving a container or node. The default rules report shells whose input and output were redirected to a socket, ' +
    'netcat or socat running a program for a remote peer, and ssh to an unusual port. ' +
    'Once their allowlists are configured, they also report connections to destinations outside the allowed addresses and domains. ' +
    'Container networking lets such a channel blend into the traffic of the application, so it is often the only sign of remote control. ' +
    'The technique is Non-Application Layer Protocol rather than Application Layer Protocol (T1071), because the default rules report ' +
    'raw TCP and UDP sockets carrying a shell, not HTTP or DNS. ' +
    'The three archived rules are deprecated and disabled upstream, but older deployments still run them. ' +
    FALCO_RULES_VERSION,
  severity: 'high',
  technique: TECHNIQUES.nonApplicationLayerProtocol,
  telemetry: 'falco',
  condition: (tuning) => reportedFalcoRule('falco-unexpected-outbound', tuning),
  evidence: [...ALERT_EVIDENCE, ...PROCESS_EVIDENCE, ...NETWORK_EVIDENCE],
  falsePositives: [
    'Programs that hand a socket to a child process as its standard streams by design, such as inetd-style servers, sshd and some language runtimes. They are long-running services of a known image, and the socket is inbound on their listening port.',
    'Operators testing connectivity with nc or socat during an incident. The session is interactive, by a known person, towards an internal address.',
    'New external dependencies of an application (an API, a package mirror) hit the allowlist rules until the lists are updated. The destination belongs to a known provider and every replica of the workload reports it.',
  ],
  tuning: [
    falcoRulesParameter(
      OUTBOUND_RULES,
      'Candidates that are off by default: "Unexpected UDP Traffic" (incubating, noisy), "Interpreted procs outbound network activity" (sandbox, disabled upstream) and "Detect outbound connections to common miner pool ports" (sandbox, resource hijacking rather than command and control).'
    ),
    IGNORED_NAMESPACES,
  ],
  response: {
    investigate: [
      'Read the connection, server address and port in the alert, and look the destination up in your threat intelligence source and DNS logs.',
      'Find the process tree that opened the socket, because a shell below a web server or a netcat started from an exec session points to remote control.',
      'Check flow logs or the CNI\'s network observability for other connections to the same destination from the cluster.',
    ],
    contain: [
      'Once the open sockets and the process memory are captured, block the destination at the egress firewall and isolate the pod with a NetworkPolicy that denies egress.',
      'Stop the container once its memory and files are saved.',
    ],
    forensics: [
      'Capture the process memory and open sockets (`ss -tnp` in the network namespace of the container) while the connection is alive.',
      'Save the container filesystem and the commands received over the channel, if the shell kept a history.',
    ],
    remediate: [
      'Apply default-deny egress NetworkPolicies, so that workloads reach only the destinations they need.',
      'Remove netcat, socat and shells from production images, and patch the service that the channel was opened through.',
    ],
  },
  references: [FALCO_RULES_FILES.stable, FALCO_RULES_FILES.incubating, FALCO_RULES_FILES.sandbox, FALCO_RULES_FILES.archived],
};
