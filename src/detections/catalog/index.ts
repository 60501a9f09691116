import type { Detection, LogDetection, MetricDetection } from '../model';
import { AUDIT_DETECTIONS } from './audit';
import { FALCO_DETECTIONS } from './falco';
import { METRIC_DETECTION_LIST } from './metrics';
import { RUNTIME_DETECTIONS } from './runtime';

/** Every detection Cordon ships, in the order the Detections page lists them. */
export const CATALOG: readonly Detection[] = [...AUDIT_DETECTIONS, ...FALCO_DETECTIONS, ...RUNTIME_DETECTIONS, ...METRIC_DETECTION_LIST];

export const LOG_DETECTIONS: readonly LogDetection[] = CATALOG.filter((detection): detection is LogDetection => detection.kind === 'log');

export const METRIC_DETECTIONS: readonly MetricDetection[] = CATALOG.filter((detection): detection is MetricDetection => detection.kind === 'metric');

/** Finds a detection by id; throws with the known ids when there is none. */
export function findDetection(id: string): Detection {
  const detection = CATALOG.find((candidate) => candidate.id === id);
  if (!detection) {
    throw new Error(`Unknown detection "${id}". Known detections: ${CATALOG.map((candidate) => candidate.id).join(', ')}.`);
  }
  return detection;
}
