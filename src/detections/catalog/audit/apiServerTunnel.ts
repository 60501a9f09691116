import { TECHNIQUES } from '../../attack';
import { all, any, equals, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

function condition(tuning: TuningValues) {
  return all(
    any(
      // SPDY clients POST (verb create). kubectl 1.30 and later open a WebSocket with GET (verb get).
      all(equals('objectRef.resource', 'pods'), equals('objectRef.subresource', 'portforward'), oneOf('verb', ['create', 'get'])),
      all(oneOf('objectRef.resource', ['pods', 'services']), equals('objectRef.subresource', 'proxy'))
    ),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const apiServerTunnel: LogDetection = {
  kind: 'log',
  id: 'k8s-api-server-tunnel',
  title: 'Network tunnel into a pod or service through the API server',
  description:
    'Someone opened a port-forward to a pod (kubectl port-forward) or sent requests through the API server\'s proxy to a pod or service (kubectl proxy, /api/v1/namespaces/<ns>/services/<name>/proxy/...). ' +
    'Both carry traffic from outside the cluster to ports that no Ingress or LoadBalancer exposes, such as databases, admin consoles and metrics endpoints, ' +
    'over the API server connection, so network policies and firewalls at the cluster edge never see it. ' +
    'Severity is low: developers port-forward every day, but a tunnel into a production database or a control-plane service by an unusual user deserves a look.',
  severity: 'low',
  technique: TECHNIQUES.protocolTunneling,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, { label: 'Target', paths: ['objectRef.name'] }],
  falsePositives: [
    'Developers port-forward to their own services to debug them; the user, namespace and target match their team.',
    'Cluster dashboards and desktop clients (Lens, Headlamp, the Kubernetes dashboard) read metrics through pods/proxy or services/proxy; their service accounts or users are stable and can be added to trustedUsers.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to open tunnels, such as a dashboard. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who opened the tunnel, to which pod or service and port (in the request URI), and for how long.',
      'Check what the target exposes and whether the user has a reason to reach it directly, then review that service\'s own access logs for the time of the tunnel.',
    ],
    contain: [
      'Revoke the user\'s create and get permissions on pods/portforward and the proxy subresources, and rotate its credentials if the tunnel was not expected.',
    ],
    forensics: [
      'Collect the target service\'s logs and any data it returned during the tunnel.',
    ],
    remediate: [
      'Grant pods/portforward and the proxy subresources only to roles that need them, and protect internal services with their own authentication instead of relying on the network edge.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
};
