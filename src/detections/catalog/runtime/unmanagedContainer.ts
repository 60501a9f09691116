import { TECHNIQUES } from '../../attack';
import { Condition, all, equals, exists, not, oneOf } from '../../conditions';
import type { LogDetection, TuningParameter } from '../../model';
import { CONTAINER_EVENT_EVIDENCE, DOCKER_FIELDS } from './attributes';
import { TRUSTED_CONTAINER_NAMES, TRUSTED_IMAGES, listedValues, untrustedContainer } from './tuning';

const TRUSTED_COMPOSE_PROJECTS: TuningParameter = {
  name: 'trustedComposeProjects',
  kind: 'list',
  description:
    'Docker Compose projects whose containers this detection skips, matched exactly against the com.docker.compose.project label, ' +
    'for example the services of a build host.',
  default: [],
};

export const dockerUnmanagedContainer: LogDetection = {
  kind: 'log',
  id: 'docker-unmanaged-container',
  title: 'Container started outside Kubernetes (Docker)',
  description:
    'The Docker engine started a container that has no io.kubernetes.pod.name label, so the kubelet did not create it: ' +
    'someone ran it directly with `docker run` or through the Docker socket. ' +
    'Such a container is invisible to the Kubernetes API, to admission control and to every tool that lists pods, ' +
    'which makes it a favoured hiding place for miners, tunnels and backdoors on a node. ' +
    'Only the start action is matched, because create precedes every start and a container that never starts runs nothing. ' +
    'Containers started with ctr or nerdctl directly on containerd bypass the Docker engine and write no Docker event, so Falco\'s container rules must cover them.',
  severity: 'high',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'runtime',
  condition: (tuning) => {
    // resolveTuning has checked that every list parameter contains strings only.
    const names = tuning[TRUSTED_CONTAINER_NAMES.name] as readonly string[];
    const images = tuning[TRUSTED_IMAGES.name] as readonly string[];
    const projects = listedValues(tuning[TRUSTED_COMPOSE_PROJECTS.name] as readonly string[]);
    // NOTE: the client that creates a container sets its labels, so an attacker can add
    // io.kubernetes.pod.name or a trusted Compose project label to pass this check.
    const conditions: Condition[] = [
      equals(DOCKER_FIELDS.type, 'container'),
      equals(DOCKER_FIELDS.action, 'start'),
      not(exists(DOCKER_FIELDS.podName)),
      ...untrustedContainer(names, images),
    ];
    if (projects.length > 0) {
      conditions.push(not(oneOf(DOCKER_FIELDS.composeProject, projects)));
    }
    return all(...conditions);
  },
  evidence: CONTAINER_EVENT_EVIDENCE,
  falsePositives: [
    'Kubelet-managed containers and pod sandboxes carry io.kubernetes.pod.name and the other io.kubernetes.* labels, so they never match.',
    'Docker Compose services and CI jobs on build hosts that share the Docker events pipeline. They carry com.docker.compose.project or run a known runner image, so list the project or image.',
    'Distributions that run Kubernetes components as plain Docker containers, such as Rancher RKE1 with its kubelet, kube-proxy and etcd containers. List their container names or images.',
  ],
  tuning: [TRUSTED_IMAGES, TRUSTED_COMPOSE_PROJECTS, TRUSTED_CONTAINER_NAMES],
  response: {
    investigate: [
      'Identify who started the container from the shell history and auth log of the node, and from the processes that hold the Docker socket open.',
      'Inspect the container with `docker inspect`: privileged mode, host namespaces, host mounts, the Docker socket mounted inside, and the command it runs.',
      'Check whether labels that imitate Kubernetes or Compose were set by hand on other containers of the node.',
    ],
    contain: [
      'Cordon the node if the container ran privileged or mounted the host, and pause the container (docker pause), which freezes it with its memory.',
      'Stop and remove the container only once it is exported and its image and logs are saved.',
      'Remove the access that allowed it, such as the user\'s membership of the docker group or a pod that mounts the Docker socket.',
    ],
    forensics: [
      'Save the container with `docker export`, its image with `docker save`, and its logs with `docker logs` before removing it.',
    ],
    remediate: [
      'On Kubernetes nodes, do not run a Docker daemon beside the kubelet unless the node needs it, and never expose its socket to pods.',
      'Alert on new members of the docker group and on pods that mount /var/run/docker.sock.',
    ],
  },
  references: [
    'https://github.com/moby/moby/blob/docker-v29.7.2/daemon/events.go',
    'https://github.com/moby/moby/blob/docker-v29.7.2/api/types/events/events.go',
  ],
};
