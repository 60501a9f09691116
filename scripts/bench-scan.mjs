// Benchmark of `cordon scan`: generates an audit log (200 MB by default), then prints the MB/s
// and events/s of the scan beside what Node reaches just reading and JSON.parse-ing the same
// file. It prints figures and asserts nothing; it is not part of the tests.
//
// Usage: npm run bench [-- --mb 200 --runs 3 --keep]
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { mb: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
});
const targetBytes = Number(values.mb) * 1024 * 1024;
const runs = Number(values.runs);
if (!Number.isFinite(targetBytes) || targetBytes <= 0 || !Number.isInteger(runs) || runs < 1) {
  console.error(`Invalid --mb ${values.mb} or --runs ${values.runs}: use a positive size in MB and a positive whole number of runs.`);
  process.exit(64);
}

// Real events from the public Falco trace files are the templates: one in five lines is a write
// of a pod or workload, the rest are reads and other writes, and about one line in 500 is an attack.
const fixtures = path.join(root, 'test', 'fixtures', 'shared-data', 'k8s-audit', 'falco-traces');
const template = (name) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8').trim());
const templates = {
  podCreate: template('create_nginx_pod_nohostnetwork.json'),
  deploymentCreate: template('create_deployment.json'),
  configmapCreate: template('create_configmap.json'),
  podGet: template('create_nginx_pod_unsensitive_mount.json'),
  namespaceCreate: template('minikube_creates_namespace_foo.json'),
  privileged: template('create_nginx_pod_privileged.json'),
  exec: template('exec_pod.json'),
  clusterAdmin: template('attach_cluster_admin_role.json'),
};
const mix = [
  ...Array(40).fill('podGet'),
  ...Array(20).fill('configmapCreate'),
  ...Array(15).fill('podCreate'),
  ...Array(5).fill('deploymentCreate'),
  ...Array(19).fill('namespaceCreate'),
];
const attacks = ['privileged', 'exec', 'clusterAdmin'];

async function generate(file) {
  const out = createWriteStream(file);
  let bytes = 0;
  let events = 0;
  const start = Date.parse('2026-11-01T00:00:00Z');
  while (bytes < targetBytes) {
    const name = events % 500 === 499 ? attacks[(events / 500) % attacks.length | 0] : mix[events % mix.length];
    const event = { ...templates[name], auditID: `bench-${events}`, stageTimestamp: new Date(start + events).toISOString() };
    const line = JSON.stringify(event) + '\n';
    bytes += Buffer.byteLength(line);
    events++;
    if (!out.write(line)) {
      await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  await new Promise((resolve) => out.end(resolve));
  return events;
}

async function baseline(file) {
  const started = process.hrtime.bigint();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let parsed = 0;
  for await (const line of lines) {
    if (line !== '') {
      JSON.parse(line);
      parsed++;
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, parsed };
}

function scan(file) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'cordon.js'), 'scan', '--format', 'json', file], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`cordon scan exited with ${result.status}: ${result.stderr}`);
  }
  const findings = result.stdout.split('\n').filter(Boolean).length;
  return { seconds, findings };
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-'));
const file = path.join(dir, 'audit.jsonl');
try {
  const events = await generate(file);
  const megabytes = statSync(file).size / 1024 / 1024;
  console.log(`Generated ${megabytes.toFixed(1)} MB, ${events} audit events (${file}).`);
  console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${runs} runs each, medians shown.`);

  const baselineRuns = [];
  const scanRuns = [];
  for (let run = 0; run < runs; run++) {
    baselineRuns.push(await baseline(file));
    scanRuns.push(scan(file));
  }
  const baselineSeconds = median(baselineRuns.map((run) => run.seconds));
  const scanSeconds = median(scanRuns.map((run) => run.seconds));
  const row = (name, seconds) =>
    `${name.padEnd(28)} ${(megabytes / seconds).toFixed(1).padStart(8)} MB/s ${Math.round(events / seconds).toString().padStart(10)} events/s ${seconds.toFixed(2).padStart(8)} s`;
  console.log(row('read + JSON.parse (Node)', baselineSeconds));
  console.log(row('cordon scan --format json', scanSeconds));
  console.log(`Ratio scan / read+parse: ${(baselineSeconds / scanSeconds).toFixed(2)} (1.00 would mean detection costs nothing beyond parsing).`);
  console.log(`Findings per scan: ${scanRuns[0].findings}.`);
} finally {
  if (!values.keep) {
    rmSync(dir, { recursive: true, force: true });
  }
}
