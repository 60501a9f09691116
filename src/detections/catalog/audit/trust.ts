import { Condition, all, exists, not } from '../../conditions';
import type { TuningParameter, TuningValues } from '../../model';
import { listParameter, listed, unlisted } from './lists';
import { anyContainer } from './podSpec';

/**
 * Identities that write pod specs as part of normal operation. The controllers turn workloads
 * into ReplicaSets, Jobs and Pods, under their own service accounts or as
 * system:kube-controller-manager when they share its credential. Kubelets create mirror pods of
 * static pods, and Argo CD and Flux deploy under the default service accounts listed last.
 */
export const DEPLOYERS = [
  'system:kube-controller-manager',
  'system:serviceaccount:kube-system:deployment-controller',
  'system:serviceaccount:kube-system:replicaset-controller',
  'system:serviceaccount:kube-system:replication-controller',
  'system:serviceaccount:kube-system:daemon-set-controller',
  'system:serviceaccount:kube-system:statefulset-controller',
  'system:serviceaccount:kube-system:job-controller',
  'system:serviceaccount:kube-system:cronjob-controller',
  'system:node:*',
  'system:serviceaccount:argocd:argocd-application-controller',
  'system:serviceaccount:flux-system:kustomize-controller',
  'system:serviceaccount:flux-system:helm-controller',
];

/** The tuning lists that exempt known writers and node agents from the pod spec detections. */
export const TRUSTED_WORKLOAD_PARAMETERS: readonly TuningParameter[] = [
  {
    name: 'trustedUsers',
    kind: 'list',
    description:
      'Users and service accounts whose requests are exempt. The default exempts kubelets (system:node:*), which create mirror pods of static pods: those pods already run from files on the node, and the API object starts nothing. An entry ending in * matches by prefix.',
    default: ['system:node:*'],
  },
  {
    name: 'trustedNamespaces',
    kind: 'list',
    description:
      'Namespaces whose pods and workloads are exempt, for node agents that need this access (for example a namespace that only runs your CNI or monitoring agent). An entry ending in * matches by prefix.',
    default: [],
  },
  {
    name: 'trustedImages',
    kind: 'list',
    description:
      'Container images that are exempt when every container of the request uses one of them, written as in the pod spec, such as quay.io/cilium/cilium:*. An entry ending in * matches by prefix.',
    default: [],
  },
];

/**
 * True when the request names at least one container image and every container matches the
 * list. A container is an element with a name, the required merge key, so array slots past
 * the end do not count. A container without an image, as in a patch that changes only its
 * resources, does not match, so such a request is never exempt.
 */
export function everyImageListed(entries: readonly string[]): Condition {
  return all(anyContainer(exists('image')), not(anyContainer(all(exists('name'), not(listed('image', entries))))));
}

/** Builds the exclusions for trusted users, namespaces and images. An empty list excludes nothing. */
export function trustedWorkloadExclusions(tuning: TuningValues): Condition[] {
  const images = listParameter(tuning, 'trustedImages');
  return [
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers')),
    ...unlisted('objectRef.namespace', listParameter(tuning, 'trustedNamespaces')),
    ...(images.length === 0 ? [] : [not(everyImageListed(images))]),
  ];
}
