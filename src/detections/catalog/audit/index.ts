import type { LogDetection } from '../../model';
import { admissionWebhookChanged } from './admissionWebhookChanged';
import { apiServerTunnel } from './apiServerTunnel';
import { clusterAdminBinding } from './clusterAdminBinding';
import { dangerousCapabilities } from './dangerousCapabilities';
import { ephemeralContainer } from './ephemeralContainer';
import { eventsDeleted } from './eventsDeleted';
import { execAttach } from './execAttach';
import { hostNamespaces } from './hostNamespaces';
import { kubeletProxy } from './kubeletProxy';
import { privilegedContainer } from './privilegedContainer';
import { privilegedImpersonation } from './privilegedImpersonation';
import { securityAgentRemoved } from './securityAgentRemoved';
import { sensitiveHostPath } from './sensitiveHostPath';
import { systemNamespaceJob } from './systemNamespaceJob';
import { workloadImageChanged } from './workloadImageChanged';

/** Detections over the Kubernetes audit log. */
export const AUDIT_DETECTIONS: readonly LogDetection[] = [
  privilegedContainer,
  sensitiveHostPath,
  hostNamespaces,
  dangerousCapabilities,
  execAttach,
  kubeletProxy,
  eventsDeleted,
  admissionWebhookChanged,
  clusterAdminBinding,
  privilegedImpersonation,
  securityAgentRemoved,
  systemNamespaceJob,
  workloadImageChanged,
  ephemeralContainer,
  apiServerTunnel,
];
