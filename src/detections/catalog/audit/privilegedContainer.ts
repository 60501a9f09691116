import { TECHNIQUES } from '../../attack';
import { JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { POD_SPEC_AUDIT_LEVELS, anyContainer, containerPointers, jsonPatchSets, storedObjectHas, writesPodSpec } from './podSpec';
import { TRUSTED_WORKLOAD_PARAMETERS, trustedWorkloadExclusions } from './trust';

const PRIVILEGED_TRUE = `"privileged"${JSON_SPACE}:${JSON_SPACE}true`;

function condition(tuning: TuningValues) {
  return all(
    writesPodSpec,
    any(
      anyContainer(equals('securityContext.privileged', true)),
      jsonPatchSets(
        all(regex('path', '.*/securityContext/privileged'), equals('value', true)),
        PRIVILEGED_TRUE,
        containerPointers(['securityContext/privileged'])
      ),
      storedObjectHas('privileged', PRIVILEGED_TRUE)
    ),
    ...trustedWorkloadExclusions(tuning)
  );
}

export const privilegedContainer: LogDetection = {
  kind: 'log',
  id: 'k8s-privileged-container',
  title: 'Privileged container requested',
  description:
    'A pod or workload was created or changed with a container that sets securityContext.privileged. ' +
    'A privileged container has every capability and access to the host devices, ' +
    'so one command in it can mount the node\'s disk or load a kernel module: the usual first step of an escape from a covert container to the host. ' +
    'Severity is critical, as for a sensitive hostPath mount: once the pod runs, the request alone is a complete escape to the node, with no further weakness needed. ' +
    'Requests that the API server denied, for example through Pod Security Admission, still match, because an attempt is worth seeing. ' +
    'The outcome label and the Outcome evidence tell them apart. ' +
    POD_SPEC_AUDIT_LEVELS,
  severity: 'critical',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, CONTAINER_IMAGES_EVIDENCE, ...JSON_PATCH_EVIDENCE],
  falsePositives: [
    'CNI plugins, storage drivers and node agents (Calico, Cilium, CSI node plugins) run privileged from a fixed namespace and image, and the DaemonSet controller creates their pods on every node at every rollout; add the namespace to trustedNamespaces or the images to trustedImages.',
    'Replica set and DaemonSet controllers create the pods of an already privileged workload, one finding per pod; the finding on the workload itself names the person who asked for it.',
    'Kubelets create mirror pods for static pods that run privileged, such as kube-proxy on some distributions; they are exempt by default through trustedUsers (system:node:*).',
    'A request that sets privileged to false does not match.',
    'At the RequestResponse level, a later patch that names the field matches again when the workload already has the setting; exempt known workloads with trustedNamespaces or trustedUsers, since such a patch often names no image for trustedImages to check.',
  ],
  tuning: [...TRUSTED_WORKLOAD_PARAMETERS],
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
