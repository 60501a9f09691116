import { ANY_TEXT } from '../../../compiler/regex';
import { TECHNIQUES } from '../../attack';
import { Condition, all, equals, not, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningParameter } from '../../model';
import { CONTAINER_EVENT_EVIDENCE, DOCKER_FIELDS } from './attributes';
import { TRUSTED_CONTAINER_NAMES, TRUSTED_IMAGES, listedValues, untrustedContainer } from './tuning';

/**
 * Docker writes one exec_create when an exec is set up and one exec_start when it runs, both as
 * "<action>: <entrypoint> <args joined by spaces>" (moby daemon/exec.go, docker-v29.7.2). Only
 * exec_start is matched, so a command that ran gives one finding.
 */
const EXEC_START = 'exec_start: ';

const TRUSTED_COMMANDS: TuningParameter = {
  name: 'trustedCommands',
  kind: 'list',
  description:
    'Exec commands that this detection skips, written as `docker events` prints them after "exec_start: ", ' +
    'for example "/bin/sh -c curl -f http://localhost/ || exit 1" for a health check. ' +
    'Docker appends a space to a command without arguments, and an entry matches with or without it.',
  default: [],
};

export const dockerExecInContainer: LogDetection = {
  kind: 'log',
  id: 'docker-exec-in-container',
  title: 'Command executed in a running container (Docker)',
  description:
    'The Docker engine started a command inside a running container through the exec API (`docker exec` or a client of the Docker socket). ' +
    'Exec gives an interactive foothold in a container without changing its image or restarting it. ' +
    'A Docker exec on a node also bypasses the Kubernetes API server, so it leaves no pods/exec record in the audit log.',
  severity: 'medium',
  technique: TECHNIQUES.containerAdministrationCommand,
  telemetry: 'runtime',
  condition: (tuning) => {
    // resolveTuning has checked that every list parameter contains strings only.
    const names = tuning[TRUSTED_CONTAINER_NAMES.name] as readonly string[];
    const images = tuning[TRUSTED_IMAGES.name] as readonly string[];
    const commands = listedValues(tuning[TRUSTED_COMMANDS.name] as readonly string[]);
    const conditions: Condition[] = [
      equals(DOCKER_FIELDS.type, 'container'),
      regex(DOCKER_FIELDS.action, `${EXEC_START}${ANY_TEXT}`),
      ...untrustedContainer(names, images),
    ];
    if (commands.length > 0) {
      const actions = commands.flatMap((command) => [`${EXEC_START}${command}`, `${EXEC_START}${command} `]);
      conditions.push(not(oneOf(DOCKER_FIELDS.action, actions)));
    }
    return all(...conditions);
  },
  evidence: [...CONTAINER_EVENT_EVIDENCE, { label: 'Exec ID', paths: [DOCKER_FIELDS.execId] }],
  falsePositives: [
    'Docker health checks run as execs, so every check writes exec_start with the HEALTHCHECK command, repeated at the check interval. List it in trustedCommands.',
    'On nodes that run Kubernetes through cri-dockerd, `kubectl exec` and exec liveness or readiness probes also arrive as Docker execs. A pods/exec request in the audit log or a fixed probe command at a fixed interval explains them, while a Docker exec into a pod container with no matching audit event came from the node itself.',
    'Backup, database maintenance and CI tooling that runs commands in a known container. List the container name or image.',
  ],
  tuning: [TRUSTED_CONTAINER_NAMES, TRUSTED_IMAGES, TRUSTED_COMMANDS],
  response: {
    investigate: [
      'Read the command in the Action field and find who called the Docker API in the shell history and auth log of the node, or in the audit records of the Docker socket.',
      'Match the time with pods/exec requests in the Kubernetes audit log for the same pod, and treat an exec without one as done on the node.',
      'Look at what the exec did next: Falco alerts, new processes, files and connections in the same container.',
    ],
    contain: [
      'Remove access to the Docker socket from users and containers that should not have it, and stop the container if the command is not explained.',
    ],
    forensics: [
      'Save `docker inspect` and `docker diff` of the container, and the details of the exec from the Docker API (GET /exec/<execID>/json) while the container still runs.',
    ],
    remediate: [
      'Limit who can reach the Docker socket (the docker group, TCP listeners, containers that mount /var/run/docker.sock).',
      'Route administrative access through `kubectl exec` with RBAC and audit logging instead of node logins.',
    ],
  },
  references: [
    'https://github.com/moby/moby/blob/docker-v29.7.2/daemon/exec.go',
    'https://github.com/moby/moby/blob/docker-v29.7.2/api/types/events/events.go',
    'https://docs.docker.com/v1.10/engine/reference/commandline/events/',
  ],
};
