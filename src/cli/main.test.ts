/** @jest-environment node */
import { mkdtempSync, writeFileSync, readFileSync, chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from './main';
import type { Io } from './common';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'shared-data');
const PRIVILEGED = readFileSync(path.join(FIXTURES, 'k8s-audit', 'falco-traces', 'create_nginx_pod_privileged.json'), 'utf8').trim();

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: {},
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

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-cli-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('cordon scan', () => {
  test('reports findings as JSON lines with location', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, `${PRIVILEGED}\n`);
    const io = capture();
    expect(await main(['scan', '--format', 'json', file], io)).toBe(0);
    const [record] = jsonLines(io.out);
    expect(record).toMatchObject({ detection: 'k8s-privileged-container', severity: 'critical', technique: 'T1611', file, line: 1, namespace: 'default' });
    for (const key of ['title', 'time', 'user', 'evidence']) {
      expect(record).toHaveProperty(key);
    }
  });

  test('reports a malformed line and goes on', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, `${PRIVILEGED}\n{"kind": "Event", "verb"\n${PRIVILEGED}\n`);
    const io = capture();
    expect(await main(['scan', '--format', 'json', file], io)).toBe(0);
    expect(io.err).toContain(`${file}:2: invalid JSON`);
    expect(jsonLines(io.out).map((record) => record.line)).toEqual([1, 3]);
  });

  test('exits 2 when an input cannot be read', async () => {
    const io = capture();
    expect(await main(['scan', '/nonexistent/cordon-input.jsonl'], io)).toBe(2);
    expect(io.err).toContain('/nonexistent/cordon-input.jsonl: cannot read: no such file or folder');
  });

  test('exits 2 for an unreadable file and still scans the others', async () => {
    if (process.getuid?.() === 0) {
      // root reads files whatever their mode, so the permission case cannot be staged.
      return;
    }
    const dir = tempDir();
    const locked = path.join(dir, 'locked.jsonl');
    writeFileSync(locked, PRIVILEGED);
    chmodSync(locked, 0o000);
    const io = capture();
    expect(await main(['scan', locked, path.join(FIXTURES, 'k8s-audit', 'panther-cases.jsonl')], io)).toBe(2);
    expect(io.err).toContain('permission denied');
  });

  test('exits 1 when a finding reaches --fail-on', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, `${PRIVILEGED}\n`);
    expect(await main(['scan', '--fail-on', 'critical', file], capture())).toBe(1);
    expect(await main(['scan', '--fail-on', 'HIGH', file], capture())).toBe(1);
    const benign = path.join(dir, 'benign.jsonl');
    writeFileSync(benign, `${JSON.stringify({ ...JSON.parse(PRIVILEGED), verb: 'get' })}\n`);
    expect(await main(['scan', '--fail-on', 'info', benign], capture())).toBe(0);
  });

  test('rejects an invalid severity with the valid ones', async () => {
    const io = capture();
    expect(await main(['scan', '--fail-on', 'urgent', 'x'], io)).toBe(64);
    expect(io.err).toContain('Invalid --fail-on "urgent": use one of info, low, medium, high, critical.');
  });

  test('merges the stages of one request into one finding', async () => {
    const event = JSON.parse(PRIVILEGED);
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const stages = ['RequestReceived', 'ResponseComplete'].map((stage) => JSON.stringify({ ...event, stage }));
    writeFileSync(file, stages.join('\n') + '\n');
    const io = capture();
    await main(['scan', '--format', 'json', file], io);
    const records = jsonLines(io.out).filter((record) => record.detection === 'k8s-privileged-container');
    expect(records).toHaveLength(1);
    expect(records[0].line).toBe(2);
  });

  test('reads a pretty-printed document and a JSON array', async () => {
    const dir = tempDir();
    const event = JSON.parse(PRIVILEGED);
    writeFileSync(path.join(dir, 'one.json'), JSON.stringify(event, null, 2));
    writeFileSync(path.join(dir, 'many.json'), JSON.stringify([event, { ...event, auditID: 'second' }], null, 2));
    const io = capture();
    await main(['scan', '--format', 'json', dir], io);
    const files = jsonLines(io.out).map((record) => path.basename(String(record.file)));
    expect(files.sort()).toEqual(['many.json', 'many.json', 'one.json']);
  });

  test('reports values it cannot map, and skips other files in folders', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'odd.jsonl'), '{"kind": 0}\n{"protoPayload": {"serviceName": "storage.googleapis.com"}}\n');
    writeFileSync(path.join(dir, 'notes.md'), '# not events\n');
    const io = capture();
    expect(await main(['scan', dir], io)).toBe(0);
    expect(io.err).toContain('odd.jsonl:1: not a Kubernetes audit event');
    expect(io.err).toContain('odd.jsonl:2: GCP audit log record for service "storage.googleapis.com"');
    expect(io.err).toContain('skipped 1 file(s)');
    expect(io.out).toContain('0 findings in 0 events.');
  });

  test('unwraps AKS and GKE records', async () => {
    const io = capture();
    await main(['scan', '--format', 'json', path.join(FIXTURES, 'k8s-audit', 'panther-cases.jsonl')], io);
    const lines = jsonLines(io.out).map((record) => record.line);
    expect(lines).toContain(2);
  });

  test('runs only the named detections', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'audit.log'), `${PRIVILEGED}\n`);
    const io = capture();
    expect(await main(['scan', '--format', 'json', '--detection', 'k8s-exec-attach', dir], io)).toBe(0);
    expect(io.out).toBe('');
    const named = capture();
    expect(await main(['scan', '--format', 'json', '--detection', 'k8s-privileged-container', dir], named)).toBe(0);
    expect(JSON.parse(named.out).detection).toBe('k8s-privileged-container');
  });

  test('points metric detections to hunt', async () => {
    const io = capture();
    expect(await main(['scan', '--detection', 'image-never-seen', 'x'], io)).toBe(64);
    expect(io.err).toContain('Invalid --detection "image-never-seen" for scan: it is a metric detection');
    expect(io.err).toContain('run "cordon hunt --prometheus-url URL --detection image-never-seen"');
  });

  test('rejects an unknown detection in scan', async () => {
    const io = capture();
    expect(await main(['scan', '--detection', 'nope', 'x'], io)).toBe(64);
    expect(io.err).toContain('Unknown detection "nope"');
  });

  test('prints a table for people', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'logs'));
    const file = path.join(dir, 'logs', 'audit.log');
    writeFileSync(file, `${PRIVILEGED}\n`);
    const io = capture();
    await main(['scan', dir], io);
    expect(io.out).toMatch(/^SEVERITY\s+DETECTION/);
    expect(io.out).toContain('k8s-privileged-container');
    expect(io.out).toContain('1 finding in 1 event.');
  });
});

describe('cordon command line', () => {
  test('prints usage for an unknown command', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(64);
    expect(io.err).toContain('Unknown command "frobnicate"');
    expect(io.err).toContain('Usage: cordon');
  });

  test('help of one command', async () => {
    for (const argv of [['scan', '--help'], ['help', 'scan']]) {
      const io = capture();
      expect(await main(argv, io)).toBe(0);
      expect(io.out).toContain('Usage: cordon scan [options]');
      expect(io.out).toContain('--fail-on (info, low, medium, high,');
      expect(io.out).not.toContain('hunt [--loki-url URL]');
      expect(io.out).toContain('Exit codes:');
    }
  });

  test('help lists every command', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const command of ['scan [', 'hunt [', 'emulate logs', 'emulate files', 'emulate metrics', 'export grafana-rules', 'export catalog']) {
      expect(io.out).toContain(`  ${command}`);
    }
  });

  test('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const io = capture();
      expect(await main([flag], io)).toBe(0);
      expect(io.out).toBe(`cordon ${version}\n`);
    }
  });

  test('usage error prints that command only', async () => {
    const io = capture();
    expect(await main(['export'], io)).toBe(64);
    expect(io.err).toContain('export needs a target');
    expect(io.err).toContain('Usage: cordon export [options]');
    expect(io.err).not.toContain('scan [--format');
  });

  test('reports an invalid settings file with its path', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'settings.json');
    writeFileSync(config, '{"auditSelector": "job=audit"}');
    const io = capture();
    expect(await main(['scan', '--config', config, dir], io)).toBe(2);
    expect(io.err).toContain(`Invalid settings file ${config}`);
    expect(io.err).toContain('write label matchers in braces');
  });
});

describe('cordon export', () => {
  test('needs the Grafana URL for absolute runbook links', async () => {
    const io = capture();
    expect(await main(['export', 'prometheus-rules'], io)).toBe(64);
    expect(io.err).toContain('export needs --grafana-url');
  });

  test('rejects a relative Grafana URL', async () => {
    const io = capture();
    expect(await main(['export', 'loki-rules', '--grafana-url', 'grafana.local'], io)).toBe(64);
    expect(io.err).toContain('invalid Grafana URL "grafana.local"');
  });

  test('names an output it cannot write', async () => {
    const output = path.join(tempDir(), 'missing', 'catalog.md');
    const io = capture();
    expect(await main(['export', 'catalog', '--output', output], io)).toBe(2);
    expect(io.err).toContain(`cordon: Cannot write catalog to ${output}: ENOENT`);
    expect(io.err).toContain('Check that the folder exists and is writable.');
  });

  test('writes each rule output with absolute runbook links', async () => {
    for (const target of ['grafana-rules', 'prometheus-rules', 'loki-rules']) {
      const io = capture();
      expect(await main(['export', target, '--grafana-url', 'https://grafana.example.com/'], io)).toBe(0);
      expect(io.out).toContain('runbook_url: https://grafana.example.com/a/cordon-detection-app/runbook/');
    }
  });
});

describe('cordon scan inputs', () => {
  test('reads gzip-compressed audit logs', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'audit-2026-12-01.log.gz'), gzipSync(`${PRIVILEGED}\n`));
    const io = capture();
    expect(await main(['scan', '--format', 'json', dir], io)).toBe(0);
    expect(jsonLines(io.out)).toHaveLength(1);
  });

  test('ignores a byte order mark', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bom.jsonl');
    writeFileSync(file, `\ufeff${PRIVILEGED}\n`);
    const io = capture();
    expect(await main(['scan', '--format', 'json', file], io)).toBe(0);
    expect(io.err).toBe('');
    expect(jsonLines(io.out)).toHaveLength(1);
  });

  test('exits 2 for a file with no JSON line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'falco.txt');
    writeFileSync(file, '17:48:58.590038385: Notice A shell was spawned in a container\nanother text line\n');
    const io = capture();
    expect(await main(['scan', file], io)).toBe(2);
    expect(io.err).toContain(`${file}: cannot read: no line is JSON (line 1: invalid JSON`);
  });

  test('gives each element of a JSON array its own line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.json');
    const event = JSON.parse(PRIVILEGED);
    writeFileSync(file, `[\n  ${JSON.stringify(event)},\n\n  ${JSON.stringify({ ...event, auditID: 'b', stage: 'ResponseStarted' })}\n]\n`);
    const io = capture();
    await main(['scan', '--format', 'json', file], io);
    expect(jsonLines(io.out).map((record) => record.line)).toEqual([2, 4]);
  });
});

describe('cordon settings files', () => {
  test.each([
    ['{"auditSelecter": "{job=\\"audit\\"}"}', 'unknown setting(s) "auditSelecter"'],
    ['{"tuning": {"k8s-host-namespace": {}}}', 'there is no detection "k8s-host-namespace"'],
    ['{"tuning": {"k8s-exec-attach": {"trustedUser": ["x"]}}}', 'Unknown tuning parameter "trustedUser"'],
  ])('rejects %s', async (text, message) => {
    const dir = tempDir();
    const config = path.join(dir, 'settings.json');
    writeFileSync(config, text);
    const io = capture();
    expect(await main(['scan', '--config', config, dir], io)).toBe(2);
    expect(io.err).toContain(message);
  });
});

describe('cordon scan odd inputs', () => {
  test('reads a folder with a symbolic link loop once', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'a', 'audit.jsonl'), `${PRIVILEGED}\n`);
    symlinkSync(dir, path.join(dir, 'a', 'loop'));
    const io = capture();
    expect(await main(['scan', '--format', 'json', dir], io)).toBe(0);
    expect(jsonLines(io.out)).toHaveLength(1);
  });

  test('keeps one finding per stage however many records share an audit ID', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const event = JSON.parse(PRIVILEGED);
    const lines = Array.from({ length: 3000 }, () => JSON.stringify({ ...event, auditID: 'same', stage: 'ResponseComplete' }));
    writeFileSync(file, lines.join('\n') + '\n');
    const io = capture();
    await main(['scan', '--format', 'json', file], io);
    expect(jsonLines(io.out)).toHaveLength(3000);
  });
});
