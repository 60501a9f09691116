import { TECHNIQUES } from '../../attack';
import { all, equals, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

function condition(tuning: TuningValues) {
  return all(
    equals('objectRef.resource', 'pods'),
    equals('objectRef.subresource', 'ephemeralcontainers'),
    oneOf('verb', ['update', 'patch']),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const ephemeralContainer: LogDetection = {
  kind: 'log',
  id: 'k8s-ephemeral-container',
  title: 'Debug container added to a running pod',
  description:
    'Someone added an ephemeral container to a running pod through the pods/ephemeralcontainers subresource, as kubectl debug does. ' +
    'The new container runs an image of the requester\'s choice inside the pod, with its network, volumes and service account, ' +
    'and with targetContainerName it shares the process namespace of another container, whose files and memory it can then read. ' +
    'Permission to use this subresource is separate from pods/exec, so a role that forbids exec may still allow it, and tools often forget to watch it. ' +
    'Severity is medium, as for exec: debugging is a routine task, but the same request gives an attacker a shell in a chosen workload.',
  severity: 'medium',
  technique: TECHNIQUES.containerAdministrationCommand,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Pod', paths: ['objectRef.name'] },
    { label: 'Debug containers', paths: ['requestObject.spec.ephemeralContainers[*].name'] },
    { label: 'Debug images', paths: ['requestObject.spec.ephemeralContainers[*].image'] },
    { label: 'Target containers', paths: ['requestObject.spec.ephemeralContainers[*].targetContainerName'] },
  ],
  falsePositives: [
    'Operators debugging a distroless or crashing container with kubectl debug; the user is a known engineer, the image a standard debug image such as busybox, and the namespace theirs.',
    'Debugging platforms that attach debug containers on request run under a fixed service account; add it to trustedUsers.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to add debug containers. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who added the container, its image and command, and which container it targets.',
      'Check whether the user normally debugs this workload, and look in the runtime or Falco logs for what the debug container ran.',
    ],
    contain: [
      'Revoke the user\'s access to pods/ephemeralcontainers and rotate its credentials if the change was not expected.',
      'Once the evidence is saved, delete the pod so its controller replaces it without the debug container, because an ephemeral container cannot be removed from a pod.',
      'Rotate the service account token and secrets mounted in the pod, because the debug container could read them.',
    ],
    forensics: [
      'Save the pod spec with its ephemeral containers, their logs and the files of the debug container before the pod is deleted.',
    ],
    remediate: [
      'Grant update and patch on pods/ephemeralcontainers only to the roles that may debug production workloads, alongside pods/exec.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
};
