import { auditEvent } from './generated';

/**
 * A generated audit log for the query benchmark, in the mix an API server writes under ordinary
 * load. Most events are reads and watches without a body, some are writes of pods and workloads
 * with their spec, a few are patches, and about one in a hundred should be flagged by a
 * detection. A fixed seed keeps the log the same on every run.
 */
function random(seed: number): () => number {
  // mulberry32, a small generator with a 32-bit state, enough to vary names and shapes.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['shop', 'payments', 'search', 'kube-system', 'monitoring', 'ci', 'data', 'auth'];
const READ_RESOURCES = [
  'pods',
  'configmaps',
  'secrets',
  'services',
  'endpoints',
  'deployments',
  'leases',
  'nodes',
  'events',
];
const IMAGES = [
  'registry.example/shop/web:2.4.1',
  'docker.io/library/nginx:1.27',
  'ghcr.io/example/worker:0.9.3',
  'quay.io/prometheus/node-exporter:v1.8.2',
];

function containerSpec(pick: () => number, index: number, risky: string | undefined): Record<string, unknown> {
  const container: Record<string, unknown> = {
    name: `c${index}`,
    image: IMAGES[Math.floor(pick() * IMAGES.length)],
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
  };
  if (risky === 'privileged') {
    container.securityContext = { privileged: true };
  } else if (risky === 'capability') {
    container.securityContext = { capabilities: { add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } };
  }
  return container;
}

/** Generates `count` audit event lines. */
export function benchAuditLines(count: number, seed = 20250301): string[] {
  const pick = random(seed);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const roll = pick();
    const namespace = NAMESPACES[Math.floor(pick() * NAMESPACES.length)];
    const name = `obj-${index.toString(36)}`;
    if (roll < 0.8) {
      const verb = ['get', 'list', 'watch', 'get'][Math.floor(pick() * 4)];
      const resource = READ_RESOURCES[Math.floor(pick() * READ_RESOURCES.length)];
      const event = auditEvent({
        name,
        verb,
        resource,
        namespace,
        username: `system:serviceaccount:${namespace}:default`,
      });
      delete event.requestObject;
      lines.push(JSON.stringify({ ...event, level: 'Metadata' }));
      continue;
    }
    const riskyRoll = pick();
    let risky: string | undefined;
    if (riskyRoll < 0.01) {
      risky = 'privileged';
    } else if (riskyRoll < 0.02) {
      risky = 'capability';
    } else if (riskyRoll < 0.03) {
      risky = 'hostPath';
    }
    if (roll < 0.95) {
      const count = 1 + Math.floor(pick() * 3);
      const containers = Array.from({ length: count }, (_, position) =>
        containerSpec(pick, position, position === count - 1 ? risky : undefined)
      );
      const volumes =
        risky === 'hostPath'
          ? [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }]
          : [{ name: 'config', configMap: { name: 'app-config' } }];
      const spec = { containers, volumes, serviceAccountName: 'default' };
      const workload = pick() < 0.5;
      const requestObject = workload
        ? {
            kind: 'Deployment',
            apiVersion: 'apps/v1',
            metadata: { name, namespace },
            spec: { replicas: 2, template: { metadata: { labels: { app: name } }, spec } },
          }
        : { kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace, labels: { app: name } }, spec };
      lines.push(
        JSON.stringify(
          auditEvent({ name, namespace, verb: 'create', resource: workload ? 'deployments' : 'pods', requestObject })
        )
      );
      continue;
    }
    const operations: Array<{ op: string; path: string; value: unknown }> = [
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ];
    if (risky === 'privileged') {
      operations.push({ op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: true });
    }
    lines.push(
      JSON.stringify(auditEvent({ name, namespace, verb: 'patch', resource: 'deployments', requestObject: operations }))
    );
  }
  return lines;
}
