import type { StreamSet } from './corpus';

/**
 * Probes that are easier to build than to write by hand: long arrays, very long lines, lines
 * with extra whitespace and a truncated line. They are audit events in the shape the API
 * server writes (audit.k8s.io/v1, level RequestResponse), and every value is fixed, so the
 * corpus is the same on every run.
 */
export interface GeneratedProbe {
  name: string;
  set: StreamSet;
  line: string;
}

type Json = Record<string, unknown>;

interface AuditOptions {
  name: string;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  requestObject?: unknown;
  username?: string;
}

/** Builds an audit event of a write to a namespaced object, with a unique auditID per name. */
export function auditEvent(options: AuditOptions): Json {
  const verb = options.verb ?? 'create';
  const resource = options.resource ?? 'pods';
  const namespace = options.namespace ?? 'probe';
  let hash = 0;
  for (const char of options.name) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  const auditID = `0000${hash.toString(16)}`.slice(-8) + '-6c1f-4a6e-9d3a-5e0c2b7f1a00';
  const objectRef: Json = { resource, namespace, name: options.name, apiVersion: 'v1' };
  if (options.subresource) {
    objectRef.subresource = options.subresource;
  }
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${namespace}/${resource}${verb === 'create' ? '' : `/${options.name}`}`,
    verb,
    user: { username: options.username ?? 'probe-user', groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.7'],
    userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/abcdef0',
    objectRef,
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
    requestObject: options.requestObject,
    requestReceivedTimestamp: '2025-03-01T10:00:00.000000Z',
    stageTimestamp: '2025-03-01T10:00:00.020000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function container(index: number, extra: Json = {}): Json {
  return { name: `c${index}`, image: `registry.example/app-${index}:1.0`, ...extra };
}

function privileged(value: unknown): Json {
  return { securityContext: { privileged: value } };
}

/** Builds a pod of `count` plain containers, with `at` overriding some of them. */
function podWith(count: number, at: Record<number, Json> = {}, specExtra: Json = {}): Json {
  const containers = Array.from({ length: count }, (_, index) => container(index, at[index] ?? {}));
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'probe', namespace: 'probe' },
    spec: { ...specExtra, containers },
  };
}

function volume(index: number, path: string): Json {
  return { name: `v${index}`, hostPath: { path, type: '' } };
}

function audit(name: string, requestObject: unknown, options: Partial<AuditOptions> = {}): GeneratedProbe {
  return { name, set: 'audit', line: JSON.stringify(auditEvent({ name, requestObject, ...options })) };
}

function arrayProbes(): GeneratedProbe[] {
  // The compiled queries inspect the first 10 elements of each array (maxArrayElements) and
  // treat an 11th element as a match, so both sides must flag the long arrays.
  const decoy = { securityContext: { privileged: true, runAsNonRoot: true } };
  const capabilities = [
    'CHOWN',
    'DAC_OVERRIDE',
    'FOWNER',
    'FSETID',
    'KILL',
    'SETGID',
    'SETUID',
    'SETPCAP',
    'NET_BIND_SERVICE',
    'NET_RAW',
    'SYS_CHROOT',
    'MKNOD',
    'AUDIT_WRITE',
    'SETFCAP',
  ];
  return [
    audit('arrays-12-containers-privileged-last', podWith(12, { 11: privileged(true) })),
    audit('arrays-11-containers-none-privileged', podWith(11, {}, decoy)),
    audit('arrays-10-containers-privileged-9', podWith(10, { 9: privileged(true) })),
    audit('arrays-10-containers-none-privileged', podWith(10, { 3: privileged(false) }, decoy)),
    audit('arrays-12-volumes-docker-socket-last', {
      ...podWith(1),
      spec: {
        containers: [container(0)],
        volumes: [
          ...Array.from({ length: 11 }, (_, index) => volume(index, `/srv/data-${index}`)),
          volume(11, '/var/run/docker.sock'),
        ],
      },
    }),
    audit('arrays-10-volumes-harmless', {
      ...podWith(1),
      spec: {
        containers: [container(0)],
        volumes: Array.from({ length: 10 }, (_, index) => volume(index, `/srv/data-${index}`)),
      },
    }),
    audit(
      'arrays-14-capabilities-sys-admin-last',
      podWith(1, { 0: { securityContext: { capabilities: { add: [...capabilities, 'SYS_ADMIN'] } } } })
    ),
    audit(
      'arrays-14-capabilities-harmless',
      podWith(1, { 0: { securityContext: { capabilities: { add: capabilities } } } })
    ),
    audit(
      'arrays-12-patch-ops-privileged-last',
      [
        ...Array.from({ length: 11 }, (_, index) => ({
          op: 'add',
          path: `/metadata/labels/l${index}`,
          value: `v${index}`,
        })),
        { op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: true },
      ],
      { verb: 'patch', resource: 'deployments' }
    ),
    audit(
      'arrays-10-patch-ops-harmless',
      Array.from({ length: 10 }, (_, index) => ({ op: 'replace', path: `/metadata/labels/l${index}`, value: 'true' })),
      { verb: 'patch', resource: 'deployments' }
    ),
  ];
}

function longLineProbes(): GeneratedProbe[] {
  const filler = 'x'.repeat(120_000);
  const env = Array.from({ length: 2_000 }, (_, index) => ({
    name: `VARIABLE_${index}`,
    value: `value-${index}-${'y'.repeat(20)}`,
  }));
  return [
    audit('long-annotation-privileged', {
      ...podWith(1, { 0: privileged(true) }),
      metadata: { name: 'probe', annotations: { note: filler } },
    }),
    audit('long-env-then-privileged', podWith(2, { 0: { env }, 1: privileged(true) })),
    audit('long-annotation-harmless', { ...podWith(1), metadata: { name: 'probe', annotations: { note: filler } } }),
  ];
}

function whitespaceProbes(): GeneratedProbe[] {
  const line = (name: string) =>
    JSON.stringify(auditEvent({ name, requestObject: podWith(1, { 0: privileged(true) }) }));
  return [
    { name: 'whitespace-leading-space', set: 'audit', line: ` ${line('whitespace-leading-space')}` },
    { name: 'whitespace-leading-tab', set: 'audit', line: `\t${line('whitespace-leading-tab')}` },
    { name: 'whitespace-trailing-spaces', set: 'audit', line: `${line('whitespace-trailing-spaces')}   ` },
    { name: 'whitespace-trailing-cr', set: 'audit', line: `${line('whitespace-trailing-cr')}\r` },
    {
      name: 'whitespace-pretty-printed',
      set: 'audit',
      line: JSON.stringify(
        auditEvent({ name: 'whitespace-pretty-printed', requestObject: podWith(1, { 0: privileged(true) }) }),
        null,
        2
      ),
    },
  ];
}

function malformedProbes(): GeneratedProbe[] {
  const whole = JSON.stringify(
    auditEvent({ name: 'truncated-privileged', requestObject: podWith(2, { 0: privileged(true) }) })
  );
  const cut = whole.indexOf('"requestReceivedTimestamp"');
  return [
    // A shipper that cuts long lines leaves JSON without its end; the fields before the cut are intact.
    { name: 'truncated-privileged', set: 'audit', line: whole.slice(0, cut) },
  ];
}

/** Lists every generated probe, in a fixed order. */
export function generatedEntries(): GeneratedProbe[] {
  return [...arrayProbes(), ...longLineProbes(), ...whitespaceProbes(), ...malformedProbes()];
}
