import { TECHNIQUES } from '../../attack';
import { all, any, equals, exists, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

function condition(tuning: TuningValues) {
  // Event recorders patch only the count, time and message of a repeated event (core/v1) or its
  // series (events.k8s.io). core/v1 lets an update change any field, so a write that names the
  // object or reason of an event rewrites what it records.
  const rewritten = all(
    oneOf('verb', ['update', 'patch']),
    any(exists('requestObject.involvedObject'), exists('requestObject.regarding'), exists('requestObject.reason'))
  );
  return all(
    any(oneOf('verb', ['delete', 'deletecollection']), rewritten),
    equals('objectRef.resource', 'events'),
    // Core events have no API group; events.k8s.io serves the same objects.
    oneOf('objectRef.apiGroup', ['', 'events.k8s.io']),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

/**
 * Says what a delete removed. A deletecollection names no object: it removes every event of the
 * namespace that matches the label and field selectors of its request URI, if it has any.
 */
export function describeDeleted(name = '', namespace = '', verb = '', uri = ''): string {
  const where = namespace === '' ? '' : ` in namespace ${namespace}`;
  if (name !== '') {
    return `event ${name}${where}`;
  }
  if (verb !== 'deletecollection') {
    return '';
  }
  const query = uri.includes('?') ? new URLSearchParams(uri.slice(uri.indexOf('?') + 1)) : new URLSearchParams();
  const selectors = ['labelSelector', 'fieldSelector']
    .map((key) => [key, query.get(key) ?? ''])
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key} ${value}`);
  return `every event${where}${selectors.length > 0 ? ` that matches ${selectors.join(' and ')}` : ''}`;
}

export const eventsDeleted: LogDetection = {
  kind: 'log',
  id: 'k8s-events-deleted',
  title: 'Kubernetes events deleted or rewritten',
  description:
    'Someone deleted Kubernetes Event objects, one by one or with deletecollection (kubectl delete events --all), ' +
    'or updated or patched an event\'s object or reason, which event recorders never change, to make it tell another story. ' +
    'Events record what happened to pods and nodes: scheduling, image pulls, container starts, kills and failed probes. ' +
    'They expire on their own after the API server\'s --event-ttl (one hour by default), so deleting or rewriting them early serves mainly to erase the trace of a pod that was started, crashed or was pulled from an unusual registry. ' +
    'Severity is high because routine operations never delete or rewrite events; only the namespace controller deletes them, when it removes a namespace. ' +
    'The rewrite branch reads requestObject, so it needs events logged at the Request level; many audit policies log events at Metadata or not at all.',
  severity: 'high',
  technique: TECHNIQUES.indicatorRemoval,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Deleted', paths: ['objectRef.name', 'objectRef.namespace', 'verb', 'requestURI'], format: ([names, namespaces, verbs, uris]) => describeDeleted(names[0], namespaces[0], verbs[0], uris[0]) },
    { label: 'Rewritten to', paths: ['requestObject.reason', 'requestObject.involvedObject.name', 'requestObject.regarding.name'] },
  ],
  falsePositives: [
    'The namespace controller deletes the events of a namespace that is being deleted; it is trusted by default, under its service account and under the controller manager identity used when controllers share one credential.',
    'Some cleanup scripts and operators delete noisy events to reduce etcd load; they run under a fixed service account that you can add to trustedUsers.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to delete events. An entry ending in * matches by prefix.',
      default: ['system:serviceaccount:kube-system:namespace-controller', 'system:kube-controller-manager'],
    },
  ],
  response: {
    investigate: [
      'Identify who deleted the events, in which namespace, and whether the user normally manages that namespace.',
      'Review the audit log of that namespace for the preceding hour: pod creations, exec sessions and image changes are the usual things someone would want to hide.',
    ],
    contain: [
      'Revoke the delete permission on events from the user or service account, and rotate its credentials if the deletion was not expected.',
    ],
    forensics: [
      'Rebuild the lost timeline from the audit log, the kubelet and container runtime logs of the nodes, and any event exporter that ships events to long-term storage.',
    ],
    remediate: [
      'Ship events to long-term storage with an event exporter so that deleting them in the cluster no longer erases them, and grant delete on events to no one but the controllers.',
    ],
  },
  references: ['https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/'],
};
