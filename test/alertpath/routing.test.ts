/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { detectionLabels } from '../../src/alerting/metadata';
import { prometheusAlertName } from '../../src/alerting/prometheusRules';
import { CATALOG } from '../../src/detections/catalog';
import { SEVERITIES, Severity } from '../../src/detections/model';

/** Debian's prometheus-alertmanager package installs amtool 0.25 as /usr/bin/amtool. */
const AMTOOL = process.env.AMTOOL ?? 'amtool';
const PROVISIONING = path.resolve(__dirname, '..', '..', 'provisioning');
const ALERTMANAGER_CONFIG = path.join(PROVISIONING, 'alertmanager', 'alertmanager.yml');

const RECEIVER: Record<Severity, string> = {
  critical: 'cordon-paging',
  high: 'cordon-chat',
  medium: 'cordon-ticket',
  low: 'cordon-ticket',
  info: 'cordon-ticket',
};

function amtool(args: string[]) {
  const result = spawnSync(AMTOOL, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    throw new Error(`Could not run ${AMTOOL} (${result.error.message}); install Debian's prometheus-alertmanager package or set AMTOOL.`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs `amtool config routes test` and returns its exit status and output; status 0 means the receivers matched. */
function routesTo(receiver: string, labels: Record<string, string>) {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  return amtool(['config', 'routes', 'test', `--config.file=${ALERTMANAGER_CONFIG}`, `--verify.receivers=${receiver}`, ...pairs]);
}

test('amtool accepts the shipped configuration', () => {
  const result = amtool(['check-config', ALERTMANAGER_CONFIG]);
  expect(result.output).toContain('SUCCESS');
  expect(result.status).toBe(0);
});

test.each(SEVERITIES.map((severity) => [severity, RECEIVER[severity]] as const))('severity %s routes to %s', (severity, receiver) => {
  const result = routesTo(receiver, { source: 'cordon', severity, alertname: 'CordonExample', namespace: 'shop', pod: 'web-0' });
  expect(result.output).toContain(receiver);
  expect(result.status).toBe(0);
});

test('other sources stay out of Cordon receivers', () => {
  const result = routesTo('not-cordon', { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod: 'web-0' });
  expect(result.status).toBe(0);
});

describe('every catalog detection', () => {
  // The catalog is read at test time, so detections added later are routed too.
  test.each(CATALOG.map((detection) => [detection.id, detection] as const))('%s reaches its severity receiver', (_id, detection) => {
    const labels = { ...detectionLabels(detection), alertname: prometheusAlertName(detection.id), namespace: 'shop', pod: 'web-0' };
    const result = routesTo(RECEIVER[detection.severity], labels);
    expect(result.output).toContain(RECEIVER[detection.severity]);
    expect(result.status).toBe(0);
  });
});

describe('Grafana provisioning', () => {
  const alertmanager = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8'));
  const policies = parse(readFileSync(path.join(PROVISIONING, 'alerting', 'notification-policies.yaml'), 'utf8'));
  const contactPoints = parse(readFileSync(path.join(PROVISIONING, 'alerting', 'contact-points.yaml'), 'utf8'));

  test('policy mirrors the Alertmanager route', () => {
    const cordonRoute = alertmanager.route.routes[0];
    const cordonPolicy = policies.policies[0].routes[0];
    expect(cordonPolicy.object_matchers).toEqual([['source', '=', 'cordon']]);
    expect(cordonRoute.matchers).toEqual(['source="cordon"']);
    for (const field of ['receiver', 'group_by', 'group_wait', 'group_interval', 'repeat_interval']) {
      expect(cordonPolicy[field]).toEqual(cordonRoute[field]);
    }
    const children = cordonPolicy.routes.map((child: { receiver: string; object_matchers: string[][] }) => [child.receiver, child.object_matchers]);
    const routeChildren = cordonRoute.routes.map((child: { receiver: string; matchers: string[] }) => [
      child.receiver,
      child.matchers.map((matcher) => {
        const [, name, value] = /^(\w+)="(.*)"$/.exec(matcher) ?? [];
        return [name, '=', value];
      }),
    ]);
    expect(children).toEqual(routeChildren);
  });

  test('every policy receiver is a contact point', () => {
    const names = contactPoints.contactPoints.map((point: { name: string }) => point.name);
    expect(names.sort()).toEqual(['cordon-chat', 'cordon-paging', 'cordon-ticket']);
  });

  test('templates match the Alertmanager templates', () => {
    const grafana = contactPoints.templates[0].template as string;
    const shipped = readFileSync(path.join(PROVISIONING, 'alertmanager', 'templates', 'cordon.tmpl'), 'utf8');
    for (const name of ['cordon.runbook', 'cordon.title', 'cordon.text']) {
      expect(defineBlock(grafana, name)).toEqual(defineBlock(shipped, name));
    }
  });
});

/** Extracts the `{{ define "name" }}...{{ end }}` block that starts on one line and ends before the next define or the text's end. */
function defineBlock(text: string, name: string): string {
  const start = text.indexOf(`{{ define "${name}" }}`);
  if (start < 0) {
    throw new Error(`Template ${name} not found.`);
  }
  const next = text.indexOf('{{ define ', start + 1);
  return text
    .slice(start, next < 0 ? undefined : next)
    .trim()
    .replace(/\n\s*\n/g, '\n');
}
