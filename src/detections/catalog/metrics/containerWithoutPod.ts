import { TECHNIQUES } from '../../attack';
import type { MetricDetection } from '../../model';
import { CADVISOR_REFERENCES } from './references';

export const containerWithoutPod: MetricDetection = {
  kind: 'metric',
  id: 'container-without-pod',
  title: 'Container running outside Kubernetes',
  description:
    'cAdvisor reports a container with an image but without a pod: someone started it on the node with docker, nerdctl or ctr, ' +
    'bypassing the API server, so it has no audit event, no admission check and no NetworkPolicy, and kubectl does not list it. ' +
    'Containers that Kubernetes starts always carry the pod label (kubelet’s endpoint) or the io.kubernetes.pod.name container label ' +
    '(a standalone cAdvisor), and raw cgroups have no image, so only containers outside Kubernetes match. ' +
    'Those container labels are set by whoever starts the container, so a container whose pod label names a pod that kube-state-metrics does not list ' +
    '(docker run --label io.kubernetes.pod.name=...) matches too, once it has run for two minutes.',
  severity: 'high',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'metrics',
  // NOTE: kubelet's embedded cAdvisor reports containerd containers of the k8s.io namespace only (its containerd-namespace
  // default), and kubelets built without Docker support report no Docker containers. `ctr run` in another namespace then
  // appears as a raw cgroup without an image. A standalone cAdvisor DaemonSet covers the Docker case.
  // The second branch reports containers whose pod label names a pod that kube-state-metrics does
  // not know: kubelet copies the pod and namespace labels from the container's own labels, and the
  // person who starts a container sets those. It waits until the container is two minutes old, so
  // that with kube-state-metrics scraped every minute or faster a new pod's kube_pod_info arrives
  // first. It is off while no kube_pod_info exists at all, so a cluster without kube-state-metrics,
  // or one whose kube-state-metrics is down, gets no alert per pod.
  // NOTE: a standalone cAdvisor puts the forged label in container_label_io_kubernetes_pod_name,
  // which this branch does not read.
  query: [
    'count by (instance, name, image, id, namespace, pod) (',
    '  container_start_time_seconds{image!="", pod="", container_label_io_kubernetes_pod_name="",',
    '    image!~${trustedImages}, name!~${trustedNames}${cadvisorMatchers}}',
    '  or',
    '  (',
    '    (',
    '      (time() - container_start_time_seconds{image!="", pod!="", image!~${trustedImages}, name!~${trustedNames}${cadvisorMatchers}}) > 120',
    '        unless on (namespace, pod) kube_pod_info{pod!=""${kubeStateMetricsMatchers}}',
    '    )',
    '    and on () (count(kube_pod_info{pod!=""${kubeStateMetricsMatchers}}) > 0)',
    '  )',
    ')',
  ].join('\n'),
  groupBy: ['instance', 'name', 'image', 'id', 'namespace', 'pod'],
  // A pod label on a match names no pod that exists, so findings and runbooks treat every match as a container on the node.
  entities: { image: 'image', name: 'name', node: 'instance' },
  valueUnit: 'containers',
  falsePositives: [
    'Distributions that run node components as plain containers: RKE1 runs kubelet, kube-proxy and etcd with Docker, and some appliances ' +
      'run agents with docker run. Their names and images are fixed per node pool; add them to the trusted lists.',
    'An administrator debugging a node with ctr -n k8s.io run or crictl pulls and short test containers; ' +
      'check the node’s shell history and the change ticket, and expect a container that stops within minutes.',
    'Image builders on CI nodes (docker build, buildkit) start build containers without pods; run them on dedicated nodes and scope this rule away with the cAdvisor matchers setting.',
  ],
  tuning: [
    {
      name: 'trustedImages',
      kind: 'list',
      description: 'Images of expected node-level containers, matched exactly with their tag or digest, so that a new version needs review.',
      default: [],
    },
    {
      name: 'trustedNames',
      kind: 'list',
      description: 'Runtime names of expected node-level containers (the name label, such as kubelet or kube-proxy on RKE1), matched exactly.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Log in to the node named by the instance label and list containers in every runtime namespace: docker ps, ctr -n <namespace> containers list, nerdctl ps -a.',
      'Find who started the container from the node’s auth log, shell history and the runtime’s event log (docker events, ctr events).',
      'Check the image’s origin and digest, its mounts and whether it runs privileged or in the host’s namespaces.',
    ],
    contain: [
      'Cordon the node so that no new workload lands on it; drain it only after the evidence is saved, because draining evicts its pods.',
      'Pause the container (docker pause, ctr task pause) rather than deleting it, so that its memory and filesystem stay available.',
      'Revoke access to the container runtime socket and rotate the node’s credentials.',
    ],
    forensics: [
      'Export the container’s filesystem (docker export, ctr snapshot) and its inspect output, and image the node’s disk if it ran privileged.',
      'Collect the node’s auth log, the runtime logs and the kubelet log for the period around the start time.',
    ],
    remediate: [
      'Rebuild the node from a trusted image rather than cleaning it.',
      'Restrict SSH and runtime socket access on nodes, and alert on logins to nodes.',
    ],
  },
  references: [...CADVISOR_REFERENCES, 'https://attack.mitre.org/techniques/T1610/'],
};
