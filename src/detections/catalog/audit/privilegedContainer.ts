import { TECHNIQUES } from '../../attack';
import { JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, regex } from '../../conditions';
import type { LogDetection } from '../../model';
import { REQUEST_EVIDENCE, CONTAINER_IMAGES_EVIDENCE } from './evidence';
import { anyContainer, jsonPatchSets, writesPodSpec } from './podSpec';

export const privilegedContainer: LogDetection = {
  kind: 'log',
  id: 'k8s-privileged-container',
  title: 'Privileged container requested',
  description:
    'A pod or workload was created or changed with a container that sets securityContext.privileged. ' +
    'A privileged container has every capability and the host devices, so one command in it reaches the node: ' +
    'the usual first step of an escape from a covert container to the host.',
  severity: 'high',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition: () =>
    all(
      writesPodSpec,
      any(
        anyContainer(equals('securityContext.privileged', true)),
        jsonPatchSets(
          all(regex('path', '.*/securityContext/privileged'), equals('value', true)),
          `"privileged"${JSON_SPACE}:${JSON_SPACE}true`
        )
      )
    ),
  evidence: [...REQUEST_EVIDENCE, CONTAINER_IMAGES_EVIDENCE],
  falsePositives: [
    'CNI plugins, storage drivers and node agents (Calico, Cilium, CSI node plugins) run privileged in kube-system; they are created by their own service accounts and keep the same images.',
    'Replica set and DaemonSet controllers create the pods of an already privileged workload; the first finding, on the workload, names the person who asked for it.',
  ],
  tuning: [],
  response: {
    investigate: [
      'Confirm who created the workload, from which IP and user agent, and whether a change ticket or pipeline run explains it.',
      'Check whether the image comes from your registry and matches a known digest.',
    ],
    contain: [
      'Isolate the pod with a deny-all NetworkPolicy, then scale its owner to zero once evidence is captured.',
      'Cordon the node it runs on, because a privileged container can change the host.',
    ],
    forensics: [
      'Save the pod spec, the container logs and the image digest before anything is deleted.',
      'Review the node for new files, kernel modules and processes started from the container.',
    ],
    remediate: [
      'Enforce the Pod Security Admission "baseline" or "restricted" level on application namespaces, which rejects privileged containers.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  ],
};
