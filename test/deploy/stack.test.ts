/**
 * @jest-environment node
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EMULATION_FILES } from '../../src/cli/emulate';
import { DEFAULT_SETTINGS, resolveSettings, streamSelector } from '../../src/settings';
import { METRIC_SCENARIOS } from '../../src/emulation/metricScenarios';

// The compose stack cannot start here (no Docker engine), so these tests check what can be
// checked without it: its files parse, point at each other, and pass promtool and Loki's rules.
const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yaml')) as { services: Record<string, Record<string, unknown>> };

describe('docker-compose.yaml', () => {
  test('runs every component of the demo', () => {
    for (const service of ['grafana', 'loki', 'prometheus', 'alertmanager', 'alloy', 'cadvisor', 'emulator-logs', 'emulator-metrics']) {
      expect([service, compose.services[service] !== undefined]).toEqual([service, true]);
    }
  });

  test('publishes ports on the loopback address only', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of (service.ports as string[] | undefined) ?? []) {
        expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
      }
    }
  });

  test('pins every image to a version', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (typeof service.image === 'string') {
        expect([name, service.image]).toEqual([name, expect.stringMatching(/:[v0-9][^:]*$/)]);
        expect(service.image).not.toMatch(/:latest$/);
      }
    }
  });

  test('mounts files that exist in the repository', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of (service.volumes as string[] | undefined) ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) {
          expect([name, source, existsSync(path.join(ROOT, source))]).toEqual([name, source, true]);
        }
      }
    }
  });
});

describe('demo configuration', () => {
  test('Prometheus configuration passes promtool', () => {
    const output = execFileSync('promtool', ['check', 'config', path.join(ROOT, 'deploy/prometheus/prometheus.yml')], { encoding: 'utf8' });
    expect(output).toContain('SUCCESS');
  });

  test('app settings resolve and match what Alloy ships', () => {
    const apps = parse(read('provisioning/plugins/apps.yaml')) as { apps: Array<{ type: string; jsonData: Record<string, unknown> }> };
    const app = apps.apps.find((entry) => entry.type === 'cordon-detection-app');
    const settings = resolveSettings(app?.jsonData);
    const alloy = read('deploy/alloy/config.alloy');
    const auditJob = streamSelector(settings, 'audit').find((matcher) => matcher.label === 'job')?.value;
    const runtimeJob = streamSelector(settings, 'runtime').find((matcher) => matcher.label === 'job')?.value;
    expect(alloy).toContain(`"__path__" = "/var/log/cordon/${EMULATION_FILES.audit}", "job" = "${auditJob}"`);
    expect(alloy).toContain(`"__path__" = "/var/log/cordon/${EMULATION_FILES.runtime}", "job" = "${runtimeJob}"`);
    expect(alloy).toContain(`"/var/log/cordon/${EMULATION_FILES.falco}"`);
    expect(settings.falcoFormat).toBe(DEFAULT_SETTINGS.falcoFormat);
  });

  test('app settings equal the settings file the provisioned rules are built from', () => {
    const apps = parse(read('provisioning/plugins/apps.yaml')) as { apps: Array<{ type: string; jsonData: Record<string, unknown> }> };
    const app = apps.apps.find((entry) => entry.type === 'cordon-detection-app');
    expect(app?.jsonData).toEqual(JSON.parse(read('deploy/cordon-settings.json')));
  });

  test('demo tuning keeps the metric emulator\'s benign twins silent', () => {
    const settings = resolveSettings(JSON.parse(read('deploy/cordon-settings.json')));
    for (const set of METRIC_SCENARIOS) {
      expect([set.detectionId, settings.tuning[set.detectionId] ?? {}]).toEqual([set.detectionId, expect.objectContaining(set.tuning)]);
    }
  });

  test('provisioned rules query the provisioned data sources', () => {
    const datasources = parse(read('provisioning/datasources/cordon.yaml')) as { datasources: Array<{ uid: string; type: string }> };
    const uids = new Set(datasources.datasources.map((entry) => entry.uid));
    const rules = read('provisioning/alerting/cordon-rules.yaml');
    const used = new Set([...rules.matchAll(/datasourceUid: (\S+)/g)].map((match) => match[1]).filter((uid) => uid !== '__expr__'));
    expect(used.size).toBeGreaterThan(0);
    for (const uid of used) {
      expect([uid, uids.has(uid)]).toEqual([uid, true]);
    }
  });
});
