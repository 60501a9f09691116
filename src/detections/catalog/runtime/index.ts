import type { LogDetection } from '../../model';

/** Detections over container runtime events (Docker engine events). */
export const RUNTIME_DETECTIONS: readonly LogDetection[] = [];
