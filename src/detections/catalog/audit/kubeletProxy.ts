import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, literalAlternation } from '../../../compiler/regex';
import { Condition, all, any, equals, not, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

/**
 * Kubelet endpoints that metrics collectors read through the API server proxy, for example
 * Prometheus scraping /api/v1/nodes/<node>/proxy/metrics/cadvisor.
 */
const MONITORING_PATHS = ['metrics', 'metrics/cadvisor', 'metrics/resource', 'metrics/probes', 'stats/summary', 'healthz'];

/**
 * Builds the exclusion for a GET through the API server's node proxy to one of the listed kubelet
 * paths, with an optional query. Paths match exactly, so "metrics/../run" and encoded variants stay reported.
 */
function monitoringRead(paths: readonly string[]): Condition[] {
  if (paths.length === 0) {
    return [];
  }
  const uri = `/api/v1/nodes/[^/?]+/proxy/(?:${literalAlternation(paths)})(?:\\?${ANY_TEXT})?`;
  return [not(all(equals('verb', 'get'), regex('requestURI', uri)))];
}

function condition(tuning: TuningValues) {
  const trusted = listParameter(tuning, 'trustedUsers');
  const throughApiServer = all(
    equals('objectRef.resource', 'nodes'),
    equals('objectRef.subresource', 'proxy'),
    ...monitoringRead(listParameter(tuning, 'monitoringPaths')),
    ...unlisted('user.username', trusted)
  );
  // A call straight to the kubelet (port 10250) is not an API request, but with webhook
  // authorization the kubelet sends a SubjectAccessReview for the caller to the API server.
  const kubeletAuthorization = all(
    equals('verb', 'create'),
    equals('objectRef.resource', 'subjectaccessreviews'),
    equals('requestObject.spec.resourceAttributes.resource', 'nodes'),
    equals('requestObject.spec.resourceAttributes.subresource', 'proxy'),
    ...unlisted('requestObject.spec.user', trusted)
  );
  return any(throughApiServer, kubeletAuthorization);
}

export const kubeletProxy: LogDetection = {
  kind: 'log',
  id: 'k8s-kubelet-proxy',
  title: 'Kubelet API used through nodes/proxy',
  description:
    'A caller used the nodes/proxy permission to reach the kubelet API, either through the API server (/api/v1/nodes/<node>/proxy/...) or directly on the kubelet port, ' +
    'which the kubelet authorizes with a SubjectAccessReview for nodes/proxy. ' +
    'The kubelet API runs commands in any container on the node (/run, /exec, /attach), lists its pods and reads their logs, ' +
    'and none of that passes admission control or shows as pods/exec in the audit log, so it is a way to act inside containers unseen. ' +
    'A websocket GET is enough to run commands, so get on nodes/proxy is not a read-only permission. ' +
    'Reads of the metrics and health endpoints through the API server are excluded. ' +
    'Severity is high: outside of monitoring there is little reason to use this permission. ' +
    'The direct path is seen only when the audit policy logs subjectaccessreviews at the Request level, and the kubelet caches allowed answers for 5 minutes by default. ' +
    'There the finding\'s user is the kubelet that asked; the evidence field Kubelet caller names who called it.',
  severity: 'high',
  technique: TECHNIQUES.containerAdministrationCommand,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Node', paths: ['objectRef.name', 'requestObject.spec.resourceAttributes.name'] },
    { label: 'Kubelet caller', paths: ['requestObject.spec.user'] },
    { label: 'Kubelet caller groups', paths: ['requestObject.spec.groups[*]'] },
    { label: 'Kubelet verb', paths: ['requestObject.spec.resourceAttributes.verb'] },
  ],
  falsePositives: [
    'Monitoring agents that read the kubelet directly (for example /pods or /stats with a nodes/proxy grant) show as SubjectAccessReviews for their service account; add those service accounts to trustedUsers, or grant them the finer nodes/metrics and nodes/stats subresources instead.',
    'The API server itself calls the kubelet for every kubectl exec, logs and port-forward; with webhook authorization its client identity (kube-apiserver-kubelet-client on kubeadm clusters) appears as the caller of those SubjectAccessReviews and is trusted by default. Other distributions use other names; add yours.',
    'Administrators who read node metrics with kubectl get --raw use the excluded monitoring paths; other paths, such as /configz or /pods, still match.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description:
        'Users and service accounts expected to use nodes/proxy, compared with the requesting user and, for calls straight to the kubelet, with the caller named in the SubjectAccessReview. An entry ending in * matches by prefix.',
      default: ['kube-apiserver-kubelet-client'],
    },
    {
      name: 'monitoringPaths',
      kind: 'list',
      description:
        'Kubelet paths, below /api/v1/nodes/<node>/proxy/, whose GET requests through the API server are expected monitoring reads. Entries match exactly, without wildcards.',
      default: MONITORING_PATHS,
    },
  ],
  response: {
    investigate: [
      'Identify the caller and read the kubelet path from the request URI; /run, /exec, /attach and /portForward run code in containers, /pods and /runningpods list them.',
      'Check which roles grant the caller nodes/proxy, and whether it normally talks to the kubelet at all.',
      'Review the container runtime and Falco logs on the node for processes started at that time, since the commands themselves are not audited.',
    ],
    contain: [
      'Remove the binding that grants nodes/proxy to the caller and rotate its credentials.',
      'Block direct access to the kubelet port (10250) from pods and networks that do not need it.',
    ],
    forensics: [
      'Collect the kubelet logs of the node, which record the requests it served, and save the state of the containers it targeted.',
    ],
    remediate: [
      'Grant monitoring agents nodes/metrics, nodes/stats or the finer nodes/pods and nodes/healthz subresources instead of nodes/proxy.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    'https://kubernetes.io/docs/concepts/security/api-server-bypass-risks/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
