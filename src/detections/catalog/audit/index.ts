import type { LogDetection } from '../../model';
import { privilegedContainer } from './privilegedContainer';

/** Detections over the Kubernetes audit log. */
export const AUDIT_DETECTIONS: readonly LogDetection[] = [privilegedContainer];
