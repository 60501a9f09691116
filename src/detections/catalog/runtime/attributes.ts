import type { EvidenceField } from '../../model';

/**
 * Paths of Docker event fields. The daemon copies the container's labels into
 * Actor.Attributes and then sets image and name, so a label cannot replace those two
 * (moby daemon/events.go, docker-v29.7.2).
 */
export const DOCKER_FIELDS = {
  type: 'Type',
  action: 'Action',
  image: 'Actor.Attributes.image',
  name: 'Actor.Attributes.name',
  execId: 'Actor.Attributes.execID',
  podName: 'Actor.Attributes["io.kubernetes.pod.name"]',
  podNamespace: 'Actor.Attributes["io.kubernetes.pod.namespace"]',
  composeProject: 'Actor.Attributes["com.docker.compose.project"]',
  composeService: 'Actor.Attributes["com.docker.compose.service"]',
} as const;

/** Evidence fields of a Docker container event. Docker 28 and older also write id and from, which repeat Actor.ID and the image. */
export const CONTAINER_EVENT_EVIDENCE: readonly EvidenceField[] = [
  { label: 'Action', paths: [DOCKER_FIELDS.action] },
  { label: 'Container ID', paths: ['Actor.ID'] },
  { label: 'Container name', paths: [DOCKER_FIELDS.name] },
  { label: 'Image', paths: [DOCKER_FIELDS.image] },
  { label: 'Pod', paths: [DOCKER_FIELDS.podName] },
  { label: 'Pod namespace', paths: [DOCKER_FIELDS.podNamespace] },
  { label: 'Compose project', paths: [DOCKER_FIELDS.composeProject] },
  { label: 'Compose service', paths: [DOCKER_FIELDS.composeService] },
  { label: 'Scope', paths: ['scope'] },
];
