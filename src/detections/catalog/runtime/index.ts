import type { LogDetection } from '../../model';
import { dockerExecInContainer } from './execInContainer';
import { dockerUnmanagedContainer } from './unmanagedContainer';

/** Detections over container runtime events (Docker engine events). */
export const RUNTIME_DETECTIONS: readonly LogDetection[] = [dockerExecInContainer, dockerUnmanagedContainer];
