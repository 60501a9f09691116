import type { LogDetection } from '../../model';
import { admissionWebhookChanged } from './admissionWebhookChanged';
import { anonymousRequest } from './anonymousRequest';
import { apiServerTunnel } from './apiServerTunnel';
import { clusterAdminBinding } from './clusterAdminBinding';
import { dangerousCapabilities } from './dangerousCapabilities';
import { ephemeralContainer } from './ephemeralContainer';
import { eventsDeleted } from './eventsDeleted';
import { execAttach } from './execAttach';
import { hostNamespaces } from './hostNamespaces';
import { kubeletProxy } from './kubeletProxy';
import { malformedEscape } from './malformedEscape';
import { podPinnedToNode } from './podPinnedToNode';
import { privilegedContainer } from './privilegedContainer';
import { privilegedImpersonation } from './privilegedImpersonation';
import { privilegedTokenRequest } from './privilegedTokenRequest';
import { roleGrantsEscalation } from './roleGrantsEscalation';
import { securityAgentRemoved } from './securityAgentRemoved';
import { sensitiveHostPath } from './sensitiveHostPath';
import { systemNamespaceJob } from './systemNamespaceJob';
import { webhookInjectedPrivilege } from './webhookInjectedPrivilege';
import { workloadExposed } from './workloadExposed';
import { workloadImageChanged } from './workloadImageChanged';

/** Detections over the Kubernetes audit log. */
export const AUDIT_DETECTIONS: readonly LogDetection[] = [
  privilegedContainer,
  sensitiveHostPath,
  webhookInjectedPrivilege,
  hostNamespaces,
  dangerousCapabilities,
  podPinnedToNode,
  execAttach,
  kubeletProxy,
  eventsDeleted,
  malformedEscape,
  admissionWebhookChanged,
  clusterAdminBinding,
  roleGrantsEscalation,
  privilegedImpersonation,
  anonymousRequest,
  privilegedTokenRequest,
  securityAgentRemoved,
  systemNamespaceJob,
  workloadImageChanged,
  workloadExposed,
  ephemeralContainer,
  apiServerTunnel,
];
