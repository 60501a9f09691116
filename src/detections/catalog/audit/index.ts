import type { LogDetection } from '../../model';
import { dangerousCapabilities } from './dangerousCapabilities';
import { hostNamespaces } from './hostNamespaces';
import { privilegedContainer } from './privilegedContainer';
import { sensitiveHostPath } from './sensitiveHostPath';

/** Detections over the Kubernetes audit log. */
export const AUDIT_DETECTIONS: readonly LogDetection[] = [privilegedContainer, sensitiveHostPath, hostNamespaces, dangerousCapabilities];
