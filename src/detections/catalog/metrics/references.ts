/** Sources for the labels that kubelet's cAdvisor endpoint and kube-state-metrics set. */
export const CADVISOR_REFERENCES = [
  'https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md',
  // A kubelet /metrics/cadvisor sample: network series on the pause container with container="" and the pod set.
  'https://github.com/rancher/rke2/issues/7436',
] as const;

export const KUBE_STATE_METRICS_POD_REFERENCE = 'https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/pod-metrics.md';
