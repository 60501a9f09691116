import { CATALOG } from '../detections/catalog';
import { all, equals, not, oneOf } from '../detections/conditions';
import { parseRunbookContext } from './context';
import { conditionResources, findResourceKind, runbookSubject, withSubjectKind } from './subject';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function detection(id: string) {
  const found = CATALOG.find((candidate) => candidate.id === id);
  if (!found) {
    throw new Error(`No detection ${id} in the catalog.`);
  }
  return found;
}

function subjectOf(id: string, values: Record<string, string>) {
  return runbookSubject(detection(id), parseRunbookContext(new URLSearchParams(values), NOW));
}

describe('runbookSubject', () => {
  test.each([
    ['a pod', 'k8s-privileged-container', { namespace: 'prod', pod: 'web-1', resource: 'pods', name: 'web-1' }, 'pod'],
    ['a Falco alert', 'falco-shell-in-container', { namespace: 'prod', pod: 'web-1', node: 'node-1' }, 'pod'],
    [
      'a Deployment',
      'k8s-workload-image-changed',
      { namespace: 'prod', resource: 'deployments', name: 'api' },
      'workload',
    ],
    [
      'a CronJob',
      'k8s-system-namespace-cronjob',
      { namespace: 'kube-system', resource: 'cronjobs', name: 'x' },
      'workload',
    ],
    [
      'a ClusterRoleBinding',
      'k8s-cluster-admin-binding',
      { resource: 'clusterrolebindings', name: 'backdoor' },
      'rbac',
    ],
    [
      'a webhook',
      'k8s-admission-webhook-changed',
      { resource: 'mutatingwebhookconfigurations', name: 'inject' },
      'admission',
    ],
    [
      'a service account',
      'k8s-impersonation-privileged',
      { namespace: 'prod', resource: 'serviceaccounts', name: 'ci' },
      'account',
    ],
    ['an unknown resource', 'k8s-events-deleted', { namespace: 'prod', resource: 'events', name: 'e1' }, 'object'],
    [
      'a container without pod',
      'container-without-pod',
      { image: 'alpine:3.20', name: 'miner', node: 'node-2' },
      'node-container',
    ],
    [
      'an unmanaged Docker container',
      'docker-unmanaged-container',
      { container: 'miner', image: 'alpine' },
      'node-container',
    ],
    ['only a user', 'k8s-impersonation-privileged', { user: 'alice' }, 'account'],
  ])('reads %s', (_name, id, values, kind) => {
    expect(subjectOf(id, values).kind).toBe(kind);
  });

  test('keeps the resource kind', () => {
    const subject = subjectOf('k8s-workload-image-changed', {
      namespace: 'prod',
      resource: 'deployments',
      name: 'api',
    });
    expect(subject.resource?.kind).toBe('Deployment');
    expect(subject.resource?.stop).toBe('scale');
  });

  test.each([
    ['k8s-privileged-container', 'pod'],
    ['k8s-cluster-admin-binding', 'rbac'],
    ['k8s-admission-webhook-changed', 'admission'],
    ['k8s-system-namespace-cronjob', 'workload'],
    ['k8s-events-deleted', 'object'],
    ['k8s-impersonation-privileged', 'account'],
    ['container-without-pod', 'node-container'],
    ['falco-escape-primitive', 'pod'],
    ['image-never-seen', 'pod'],
  ])('without values, %s gets the %s steps', (id, kind) => {
    expect(subjectOf(id, {}).kind).toBe(kind);
  });

  test('leaves the kind open for two binding kinds', () => {
    expect(subjectOf('k8s-cluster-admin-binding', {}).resource).toBeUndefined();
  });

  test('treats only audit users as Kubernetes actors', () => {
    expect(subjectOf('k8s-privileged-container', {}).kubernetesActor).toBe(true);
    expect(subjectOf('falco-shell-in-container', { user: 'root' }).kubernetesActor).toBe(false);
    expect(subjectOf('container-without-pod', {}).kubernetesActor).toBe(false);
  });

  test('gives every catalog detection a subject', () => {
    for (const entry of CATALOG) {
      expect(runbookSubject(entry, parseRunbookContext('', NOW)).kind).toBeDefined();
    }
  });
});

describe('conditionResources', () => {
  test('reads equals and oneOf on the resource field', () => {
    const condition = all(
      oneOf('objectRef.resource', ['rolebindings', 'clusterrolebindings']),
      equals('verb', 'create'),
      equals('objectRef.resource', 'roles')
    );
    expect(conditionResources(condition)).toEqual(['rolebindings', 'clusterrolebindings', 'roles']);
  });

  test('skips negated resources', () => {
    expect(conditionResources(not(equals('objectRef.resource', 'pods')))).toEqual([]);
  });
});

describe('withSubjectKind', () => {
  test('drops a resource of another kind', () => {
    const subject = { kind: 'workload' as const, resource: findResourceKind('deployments'), kubernetesActor: true };
    expect(withSubjectKind(subject, 'pod').resource).toBeUndefined();
    expect(withSubjectKind(subject, 'workload').resource?.kind).toBe('Deployment');
  });
});
