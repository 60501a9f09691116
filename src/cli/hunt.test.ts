/** @jest-environment node */
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from './main';
import type { Io } from './common';

const PRIVILEGED = readFileSync(path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'shared-data', 'k8s-audit', 'falco-traces', 'create_nginx_pod_privileged.json'), 'utf8').trim();

interface Recorded {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake Loki and Prometheus on loopback that records requests and returns what `reply` builds. */
async function fakeServer(reply: (request: Recorded) => { status: number; body: unknown }): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const form = request.headers['content-type'] === 'application/x-www-form-urlencoded';
      const recorded = { path: url.pathname, query: form ? new URLSearchParams(body) : url.searchParams, headers: request.headers, body };
      requests.push(recorded);
      const { status, body: answer } = reply(recorded);
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function capture(env: Record<string, string> = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    now: () => Date.parse('2026-12-04T12:00:00Z'),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

const streams = (values: Array<[string, string]>) => ({ status: 'success', data: { resultType: 'streams', result: [{ stream: { job: 'kubernetes-audit' }, values }] } });

describe('cordon hunt', () => {
  test('runs a log detection against Loki and reports its findings', async () => {
    const loki = await fakeServer(() => ({ status: 200, body: streams([['1764849600000000000', PRIVILEGED]]) }));
    try {
      const io = capture({ CORDON_LOKI_TOKEN: 'secret-token' });
      const code = await main(['hunt', '--loki-url', loki.url, '--loki-tenant', 'team-a', '--detection', 'k8s-privileged-container', '--since', '1h', '--format', 'json'], io);
      expect(io.err).toBe('');
      expect(code).toBe(0);
      const records = io.out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ detection: 'k8s-privileged-container', source: 'loki', namespace: 'default' });
      const [request] = loki.requests;
      expect(request.path).toBe('/loki/api/v1/query_range');
      expect(request.query.get('query')).toContain('{job="kubernetes-audit"}');
      expect(request.query.get('direction')).toBe('forward');
      expect(request.query.get('start')).toBe(String(BigInt(Date.parse('2026-12-04T11:00:00Z')) * BigInt(1_000_000)));
      expect(request.headers['x-scope-orgid']).toBe('team-a');
      expect(request.headers.authorization).toBe('Bearer secret-token');
    } finally {
      await loki.close();
    }
  });

  test('pages through more entries than one Loki response holds', async () => {
    const base = BigInt(Date.parse('2026-12-04T11:00:00Z')) * BigInt(1_000_000);
    const at = (offset: number) => String(base + BigInt(offset));
    const first = Array.from({ length: 5000 }, (_, index) => [at(index), JSON.stringify({ ...JSON.parse(PRIVILEGED), auditID: `page-1-${index}` })] as [string, string]);
    const second: Array<[string, string]> = [[at(4999), first[4999][1]], [at(5000), JSON.stringify({ ...JSON.parse(PRIVILEGED), auditID: 'page-2' })]];
    let call = 0;
    const loki = await fakeServer(() => ({ status: 200, body: streams(call++ === 0 ? first : second) }));
    try {
      const io = capture();
      await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--format', 'json'], io);
      expect(loki.requests).toHaveLength(2);
      expect(loki.requests[1].query.get('start')).toBe(at(4999));
      expect(io.out.split('\n').filter(Boolean)).toHaveLength(5001);
    } finally {
      await loki.close();
    }
  });

  test('warns at the --max-events limit', async () => {
    const base = BigInt(Date.parse('2026-12-04T11:00:00Z')) * BigInt(1_000_000);
    const values = Array.from({ length: 3 }, (_, index) => [String(base + BigInt(index)), JSON.stringify({ ...JSON.parse(PRIVILEGED), auditID: `limit-${index}` })] as [string, string]);
    const loki = await fakeServer(() => ({ status: 200, body: streams(values) }));
    try {
      const io = capture();
      await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--max-events', '2'], io);
      expect(io.err).toContain('cordon: k8s-privileged-container: stopped after 2 events, the --max-events limit; raise it or narrow the time range');
    } finally {
      await loki.close();
    }
  });

  test('warns when a page shares one timestamp', async () => {
    const at = String(BigInt(Date.parse('2026-12-04T11:00:00Z')) * BigInt(1_000_000));
    const page = Array.from({ length: 5000 }, (_, index) => [at, JSON.stringify({ ...JSON.parse(PRIVILEGED), auditID: `same-${index}` })] as [string, string]);
    const loki = await fakeServer(() => ({ status: 200, body: streams(page) }));
    try {
      const io = capture();
      await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--since', '2026-12-04T11:00:00Z'], io);
      expect(loki.requests).toHaveLength(1);
      expect(io.err).toContain(
        'cordon: k8s-privileged-container: stopped after 5000 events, because more than 5000 events share the timestamp 2026-12-04T11:00:00.000Z and Loki cannot page past them. Hunt again with --since 2026-12-04T11:00:00.001Z to read the events after it.'
      );
    } finally {
      await loki.close();
    }
  });

  test('reports a failing detection and runs the others', async () => {
    const loki = await fakeServer((request) =>
      request.query.get('query')?.includes('exec') ? { status: 400, body: 'parse error at line 1' } : { status: 200, body: streams([]) }
    );
    try {
      const io = capture();
      const code = await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--detection', 'k8s-exec-attach'], io);
      expect(code).toBe(2);
      expect(io.err).toContain('1 detection(s) could not query their data source: k8s-exec-attach.');
      expect(io.out).toBe('0 findings from 1 of 2 detections, 2026-12-03T12:00:00.000Z to 2026-12-04T12:00:00.000Z; 0 skipped and 1 failed, listed on stderr.\n');
      expect(io.err).toContain('k8s-exec-attach');
      expect(io.err).toContain('returned HTTP 400: parse error at line 1');
      expect(loki.requests).toHaveLength(2);
    } finally {
      await loki.close();
    }
  });

  test('warns when a selector matches no lines', async () => {
    const loki = await fakeServer((request) =>
      request.path === '/loki/api/v1/series' ? { status: 200, body: { status: 'success', data: [] } } : { status: 200, body: streams([]) }
    );
    try {
      const io = capture();
      const code = await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--detection', 'k8s-exec-attach', '--since', '1h'], io);
      expect(code).toBe(0);
      expect(io.err).toContain(
        'cordon: Kubernetes audit log (Loki): no log lines match {job="kubernetes-audit"} from 2026-12-04T11:00:00.000Z to 2026-12-04T12:00:00.000Z, so 2 detection(s) that read it could not see anything.'
      );
      expect(io.err).toContain('Check the "auditSelector" setting (--config)');
      const checks = loki.requests.filter((request) => request.path === '/loki/api/v1/series');
      expect(checks).toHaveLength(1);
      expect(checks[0].query.get('match[]')).toBe('{job="kubernetes-audit"}');
      expect(checks[0].query.get('start')).toBe(String(BigInt(Date.parse('2026-12-04T11:00:00Z')) * BigInt(1_000_000)));
      expect(checks[0].query.get('end')).toBe(String(BigInt(Date.parse('2026-12-04T12:00:00Z')) * BigInt(1_000_000)));
    } finally {
      await loki.close();
    }
  });

  test('stays quiet when the selector has lines', async () => {
    const loki = await fakeServer((request) =>
      request.path === '/loki/api/v1/series'
        ? { status: 200, body: { status: 'success', data: [{ rule: 'Terminal shell in container', priority: 'Notice' }] } }
        : { status: 200, body: streams([]) }
    );
    try {
      const io = capture();
      expect(await main(['hunt', '--loki-url', loki.url, '--detection', 'falco-shell-in-container'], io)).toBe(0);
      expect(io.err).toBe('');
      expect(loki.requests.map((request) => request.path)).toEqual(['/loki/api/v1/query_range', '/loki/api/v1/series']);
    } finally {
      await loki.close();
    }
  });

  test('reports a failed data check', async () => {
    const loki = await fakeServer((request) => (request.path === '/loki/api/v1/series' ? { status: 400, body: 'the query time range exceeds the limit' } : { status: 200, body: streams([]) }));
    try {
      const io = capture();
      expect(await main(['hunt', '--loki-url', loki.url, '--detection', 'docker-exec-in-container'], io)).toBe(0);
      expect(io.err).toContain('Container runtime events (Loki): failed to check for log lines: Loki data check:');
      expect(io.err).toContain('returned HTTP 400: the query time range exceeds the limit');
    } finally {
      await loki.close();
    }
  });

  test('turns firing Prometheus series into findings', async () => {
    const prometheus = await fakeServer(() => ({
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: { image: 'docker.io/attacker/miner:1', name: 'miner', instance: 'node-1' }, values: [[1764849000, '1'], [1764849060, '1'], [1764852000, '1']] }],
        },
      },
    }));
    try {
      const io = capture();
      const code = await main(['hunt', '--prometheus-url', prometheus.url, '--detection', 'container-without-pod', '--format', 'json', '--fail-on', 'medium'], io);
      const records = io.out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      // Two runs of samples: the third is far past twice the query step after the second.
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ detection: 'container-without-pod', source: 'prometheus', image: 'docker.io/attacker/miner:1' });
      expect(code).toBe(1);
      expect(prometheus.requests[0].path).toBe('/api/v1/query_range');
    } finally {
      await prometheus.close();
    }
  });

  test('warns when a metric has no series', async () => {
    const prometheus = await fakeServer((request) =>
      request.path === '/api/v1/label/__name__/values'
        ? { status: 200, body: { status: 'success', data: ['up'] } }
        : { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } } }
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-hunt-'));
    const config = path.join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ cadvisorMatchers: 'job="kubelet"' }));
    try {
      const io = capture();
      const code = await main(['hunt', '--prometheus-url', prometheus.url, '--detection', 'container-without-pod', '--since', '1h', '--config', config], io);
      expect(code).toBe(0);
      expect(io.err).toContain(
        'cordon: cAdvisor container metrics: no series of container_start_time_seconds in Prometheus from 2026-12-04T11:00:00.000Z to 2026-12-04T12:00:00.000Z, so 1 detection(s) that read it could not see anything.'
      );
      expect(io.err).toContain('Check the "cadvisorMatchers" setting (--config)');
      // One check per source: cAdvisor, and kube-state-metrics for the forged-pod-label branch.
      const checks = prometheus.requests.filter((request) => request.path === '/api/v1/label/__name__/values');
      expect(checks.map((check) => check.query.get('match[]'))).toEqual([
        '{__name__=~"container_start_time_seconds", job="kubelet"}',
        '{__name__=~"kube_pod_info"}',
      ]);
      expect(checks[0].query.get('start')).toBe(String(Date.parse('2026-12-04T11:00:00Z') / 1000));
      expect(checks[0].query.get('end')).toBe(String(Date.parse('2026-12-04T12:00:00Z') / 1000));
    } finally {
      await prometheus.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('stays quiet when metrics have series', async () => {
    const prometheus = await fakeServer((request) =>
      request.path === '/api/v1/label/__name__/values'
        ? { status: 200, body: { status: 'success', data: ['kube_pod_container_info', 'kube_pod_info'] } }
        : { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } } }
    );
    try {
      const io = capture();
      expect(await main(['hunt', '--prometheus-url', prometheus.url, '--detection', 'image-never-seen'], io)).toBe(0);
      expect(io.err).toBe('');
    } finally {
      await prometheus.close();
    }
  });

  test('names only the missing metrics', async () => {
    const prometheus = await fakeServer((request) =>
      request.path === '/api/v1/label/__name__/values'
        ? { status: 200, body: { status: 'success', data: ['kube_pod_info'] } }
        : { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } } }
    );
    try {
      const io = capture();
      expect(await main(['hunt', '--prometheus-url', prometheus.url, '--detection', 'image-never-seen'], io)).toBe(0);
      expect(io.err).toContain('cordon: kube-state-metrics: no series of kube_pod_container_info in Prometheus from');
      expect(io.err).toContain('Check the "kubeStateMetricsMatchers" setting (--config)');
    } finally {
      await prometheus.close();
    }
  });

  test('lists skipped detections in one line', async () => {
    const loki = await fakeServer(() => ({ status: 200, body: streams([['1764849600000000000', PRIVILEGED]]) }));
    try {
      const io = capture();
      await main(['hunt', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--detection', 'container-without-pod', '--detection', 'image-never-seen'], io);
      expect(io.err).toBe('cordon: skipped 2 metric detection(s), because no Prometheus URL was given (--prometheus-url): container-without-pod, image-never-seen.\n');
      expect(io.out).toContain('1 finding from 1 of 3 detections');
      expect(io.out).toContain('; 2 skipped and 0 failed, listed on stderr.');
    } finally {
      await loki.close();
    }
  });

  test('exits 2 when Loki cannot be reached', async () => {
    const io = capture();
    const code = await main(['hunt', '--loki-url', 'http://127.0.0.1:9', '--detection', 'k8s-exec-attach', '--timeout', '5'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/k8s-exec-attach: Loki query: request to http:\/\/127\.0\.0\.1:9\/loki\/api\/v1\/query_range failed/);
    // Port 9 is on fetch's list of blocked ports, so no connection is even tried.
    expect(io.err).toContain('failed: fetch failed (bad port).');
  });

  test('reports one outage once', async () => {
    const io = capture();
    const code = await main(['hunt', '--loki-url', 'http://127.0.0.1:9', '--detection', 'k8s-exec-attach', '--detection', 'k8s-privileged-container', '--timeout', '5'], io);
    expect(code).toBe(2);
    const lines = io.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^cordon: k8s-privileged-container, k8s-exec-attach: Loki query: request to http:\/\/127\.0\.0\.1:9\/loki\/api\/v1\/query_range failed/);
    expect(lines[1]).toBe('cordon: 2 detection(s) could not query their data source: k8s-privileged-container, k8s-exec-attach.');
  });

  test('needs at least one data source', async () => {
    const io = capture();
    expect(await main(['hunt'], io)).toBe(64);
    expect(io.err).toContain('hunt needs --loki-url, --prometheus-url or both.');
  });

  test('rejects an invalid time range', async () => {
    const io = capture();
    expect(await main(['hunt', '--loki-url', 'http://127.0.0.1:1', '--since', 'yesterday'], io)).toBe(64);
    expect(io.err).toContain('Invalid --since "yesterday"');
  });
});

describe('cordon emulate', () => {
  test('pushes attack events to Loki as the shippers store them', async () => {
    const loki = await fakeServer(() => ({ status: 204, body: '' }));
    try {
      const io = capture();
      const code = await main(['emulate', 'logs', '--loki-url', loki.url, '--detection', 'k8s-privileged-container', '--detection', 'falco-shell-in-container'], io);
      expect(code).toBe(0);
      const push = JSON.parse(loki.requests[0].body) as { streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }> };
      const audit = push.streams.find((stream) => stream.stream.job === 'kubernetes-audit');
      const falco = push.streams.find((stream) => stream.stream.rule !== undefined);
      expect(audit?.values.length).toBeGreaterThan(0);
      expect(JSON.parse(audit!.values[0][1]).auditID).toMatch(/^emulated-/);
      expect(falco?.stream.priority).toBeTruthy();
      expect(() => JSON.parse(falco!.values[0][1])).toThrow();
      expect(io.out).toContain('Pushed');
    } finally {
      await loki.close();
    }
  });

  test('names the cause of a failed push', async () => {
    const io = capture();
    expect(await main(['emulate', 'logs', '--loki-url', 'http://127.0.0.1:9', '--detection', 'k8s-exec-attach', '--timeout', '5'], io)).toBe(2);
    expect(io.err).toContain('Push to http://127.0.0.1:9/loki/api/v1/push failed: fetch failed (bad port).');
  });

  test('points metric detections to emulate metrics', async () => {
    const io = capture();
    expect(await main(['emulate', 'files', '--out', '/tmp/x', '--detection', 'container-without-pod'], io)).toBe(64);
    expect(io.err).toContain('Invalid --detection "container-without-pod" for emulate files: it is a metric detection');
    expect(io.err).toContain('run "cordon emulate metrics"');
  });

  test('names a metrics port in use', async () => {
    const busy = await fakeServer(() => ({ status: 200, body: '' }));
    try {
      const port = new URL(busy.url).port;
      const io = capture();
      expect(await main(['emulate', 'metrics', '--port', port], io)).toBe(2);
      expect(io.err).toBe(`cordon: Cannot serve the metric scenarios: port ${port} on 127.0.0.1 is already in use; pick a free port with --port.\n`);
    } finally {
      await busy.close();
    }
  });

  test('rejects an unknown detection with the known ones', async () => {
    const io = capture();
    expect(await main(['emulate', 'files', '--out', '/tmp/x', '--detection', 'nope'], io)).toBe(64);
    expect(io.err).toContain('Unknown detection "nope"');
  });
});
