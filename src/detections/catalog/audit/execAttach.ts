import { TECHNIQUES } from '../../attack';
import { all, equals, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

function condition(tuning: TuningValues) {
  return all(
    equals('objectRef.resource', 'pods'),
    oneOf('objectRef.subresource', ['exec', 'attach']),
    // SPDY clients POST (verb create). kubectl 1.30 and later open a WebSocket with GET (verb get).
    oneOf('verb', ['create', 'get']),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const execAttach: LogDetection = {
  kind: 'log',
  id: 'k8s-exec-attach',
  title: 'Shell or attach into a running container',
  description:
    'Someone opened an exec or attach session into a container through the API server (kubectl exec, kubectl attach, or a client library). ' +
    'An interactive session runs commands inside the workload with its service account token, mounted secrets and network position, ' +
    'and what is typed in it appears in no audit log: only this request does, with the command in the request URI. ' +
    'Severity is medium: operators exec into pods routinely, but an exec by an unusual user, into a production or system namespace, or outside a change window is a common step of lateral movement. ' +
    'Denied requests also match, since an attempt is worth seeing; the decision and response code tell them apart. ' +
    'The API server logs the session at the ResponseStarted stage, and the scan merges the stages of one request into one finding.',
  severity: 'medium',
  technique: TECHNIQUES.containerAdministrationCommand,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, { label: 'Pod', paths: ['objectRef.name'] }],
  falsePositives: [
    'Operators debugging an application exec into its pods; the user is a known engineer, the namespace is theirs and the command is a diagnostic one.',
    'CI jobs and operators run commands in pods (database migrations, backup hooks such as Velero, the Argo CD web terminal); their service accounts are stable, so add them to trustedUsers.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description:
        'Users and service accounts whose exec and attach requests are expected, such as system:serviceaccount:velero:velero. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Read the command and container from the request URI and confirm with the user that they opened the session.',
      'Check whether the user normally works in this namespace, and look for other requests from the same source IP and user agent around that time.',
      'Look in the container runtime or Falco logs for processes the session started, files it wrote and connections it opened.',
    ],
    contain: [
      'Revoke or rotate the credentials of the user or service account if the session was not expected.',
      'Delete the pod so its controller replaces it with a clean copy, once evidence is captured.',
      'Rotate the service account token and any secrets mounted in the pod, because the session could read them.',
    ],
    forensics: [
      'Save the container logs, a runtime checkpoint of its memory and a copy of its files from the node before the pod is replaced; kubectl debug would add a container to the pod.',
    ],
    remediate: [
      'Grant create and get on pods/exec and pods/attach only to the roles that need them, and prefer short-lived, approved access for production namespaces.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/',
  ],
};
