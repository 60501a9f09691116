import type { MetricDetection } from '../../model';
import { containerEgressAboveBaseline } from './egressAboveBaseline';
import { containerWithoutPod } from './containerWithoutPod';
import { imageNeverSeen } from './imageNeverSeen';

/** Detections over cAdvisor and kube-state-metrics series in Prometheus. */
export const METRIC_DETECTION_LIST: readonly MetricDetection[] = [containerWithoutPod, imageNeverSeen, containerEgressAboveBaseline];
