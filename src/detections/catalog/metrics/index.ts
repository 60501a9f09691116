import type { MetricDetection } from '../../model';

/** Detections over cAdvisor and kube-state-metrics series in Prometheus. */
export const METRIC_DETECTION_LIST: readonly MetricDetection[] = [];
