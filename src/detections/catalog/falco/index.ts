import type { LogDetection } from '../../model';

/** Detections over Falco alerts. */
export const FALCO_DETECTIONS: readonly LogDetection[] = [];
