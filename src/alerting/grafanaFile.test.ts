/** @jest-environment-options {"customExportConditions": ["node", "node-addons"]} */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CATALOG } from '../detections/catalog';
import { resolveSettings } from '../settings';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { buildGrafanaProvisioningFile } from './grafanaFile';
import { detectionLabels, ruleUid } from './metadata';

const CHECKED_IN = path.resolve(__dirname, '..', '..', 'provisioning', 'alerting', 'cordon-rules.yaml');

/** The options the checked-in file is generated with: the compose stack's data source uids and Grafana address. */
/** The demo stack's settings, equal to the app's jsonData in provisioning/plugins/apps.yaml. */
const DEMO_SETTINGS_FILE = 'deploy/cordon-settings.json';
const COMPOSE_STACK = {
  grafanaUrl: 'http://localhost:3000',
  lokiUid: 'loki',
  prometheusUid: 'prometheus',
  settings: resolveSettings(JSON.parse(readFileSync(path.join(__dirname, '../..', DEMO_SETTINGS_FILE), 'utf8'))),
};
const REGENERATE = `npx cordon export grafana-rules --grafana-url http://localhost:3000 --loki-uid loki --prometheus-uid prometheus --config ${DEMO_SETTINGS_FILE} -o provisioning/alerting/cordon-rules.yaml`;

interface FileQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

interface FileRule {
  uid: string;
  title: string;
  condition: string;
  data: FileQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

interface ProvisioningFile {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: FileRule[] }>;
}

describe('buildGrafanaProvisioningFile', () => {
  const text = buildGrafanaProvisioningFile({ ...COMPOSE_STACK, lokiUid: 'loki-a', prometheusUid: 'prom-b' });
  const file = parse(text) as ProvisioningFile;
  const rules = file.groups.flatMap((group) => group.rules);

  test('has the file format header fields', () => {
    expect(file.apiVersion).toBe(1);
    for (const group of file.groups) {
      expect(group.orgId).toBe(1);
      expect(group.folder).toBe('Cordon');
      expect(group.interval).toMatch(/^[0-9]+[sm]$/);
      if (group.name !== 'health') {
        expect(group.rules.every((rule) => rule.labels.telemetry === group.name)).toBe(true);
      }
    }
  });

  test('contains a rule for every catalog detection', () => {
    const detectionRules = rules.filter((rule) => !rule.labels.detection.startsWith('telemetry-missing-'));
    expect(detectionRules.map((rule) => rule.uid).sort()).toEqual(CATALOG.map((detection) => ruleUid(detection.id)).sort());
  });

  test.each(CATALOG.map((detection) => [detection.id, detection] as const))('rule for %s', (_id, detection) => {
    const rule = rules.find((candidate) => candidate.uid === ruleUid(detection.id))!;
    expect(rule.title).toBe(detection.title);
    expect(rule.condition).toBe('C');
    expect(rule.noDataState).toBe('OK');
    expect(rule.execErrState).toBe('Error');
    expect(rule.isPaused).toBe(false);
    expect(rule.labels).toEqual(detectionLabels(detection));
    expect(
      rule.annotations.runbook_url.startsWith(`http://localhost:3000/a/cordon-detection-app/runbook/${detection.id}`)
    ).toBe(true);

    const [query, reduce, threshold] = rule.data;
    expect(rule.data.map((entry) => entry.refId)).toEqual(['A', 'B', 'C']);
    if (detection.kind === 'log') {
      expect(query.datasourceUid).toBe('loki-a');
      expect(query.model).toMatchObject({
        refId: 'A',
        queryType: 'instant',
        datasource: { type: 'loki', uid: 'loki-a' },
      });
      expect(parseLogQL(query.model.expr as string).errors).toEqual([]);
    } else {
      expect(query.datasourceUid).toBe('prom-b');
      expect(query.model).toMatchObject({
        refId: 'A',
        instant: true,
        range: false,
        datasource: { type: 'prometheus', uid: 'prom-b' },
      });
      expect(parsePromQL(query.model.expr as string).errors).toEqual([]);
    }
    expect(query.relativeTimeRange!.from).toBeGreaterThan(query.relativeTimeRange!.to);
    expect(reduce).toMatchObject({
      datasourceUid: '__expr__',
      model: { type: 'reduce', expression: 'A', reducer: 'last' },
    });
    expect(threshold).toMatchObject({
      datasourceUid: '__expr__',
      model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [0] } }] },
    });
  });

  test('names the command in its header', () => {
    const untuned = buildGrafanaProvisioningFile({ ...COMPOSE_STACK, settings: resolveSettings(undefined), lokiUid: 'loki-a', prometheusUid: 'prom-b' });
    expect(untuned.split('\n')[2]).toBe(
      '#   npx cordon export grafana-rules --grafana-url http://localhost:3000 --loki-uid loki-a --prometheus-uid prom-b'
    );
  });

  test('header names org and settings file', () => {
    const tuned = resolveSettings({ auditSelector: '{cluster="prod", job="kubernetes-audit"}', lokiUid: 'loki-a' });
    const lines = buildGrafanaProvisioningFile({ ...COMPOSE_STACK, settings: tuned, orgId: 3 }).split('\n');
    expect(lines[2]).toBe(
      '#   npx cordon export grafana-rules --grafana-url http://localhost:3000 --loki-uid loki --prometheus-uid prometheus --org-id 3 --config SETTINGS.json'
    );
    expect(lines[3]).toBe('# where SETTINGS.json is the settings file these rules were built with: its selectors and tuning are in the queries.');
  });

  test('header omits a settings file of uids only', () => {
    const lines = buildGrafanaProvisioningFile({ ...COMPOSE_STACK, settings: resolveSettings({ lokiUid: 'loki-a', prometheusUid: 'prom-b' }) }).split('\n');
    expect(lines[2]).not.toContain('--config');
    expect(lines[3]).toBe('apiVersion: 1');
  });

  test('writes no environment variable reference', () => {
    expect(text).not.toContain('${');
    for (const rule of rules) {
      expect(JSON.stringify([rule.title, rule.labels])).not.toMatch(/\$(?!\$)/);
    }
  });

  test('rejects an invalid data source uid', () => {
    expect(() => buildGrafanaProvisioningFile({ ...COMPOSE_STACK, lokiUid: 'loki\n# injected' })).toThrow(
      /Invalid Loki data source uid/
    );
  });

  test('rejects an invalid Grafana URL', () => {
    expect(() => buildGrafanaProvisioningFile({ ...COMPOSE_STACK, grafanaUrl: 'grafana.example.com' })).toThrow(
      /invalid Grafana URL/
    );
  });
});

describe('provisioning/alerting/cordon-rules.yaml', () => {
  test('matches the catalog', () => {
    const checkedIn = readFileSync(CHECKED_IN, 'utf8');
    if (checkedIn !== buildGrafanaProvisioningFile(COMPOSE_STACK)) {
      throw new Error(
        `provisioning/alerting/cordon-rules.yaml is out of date with the detection catalog. Regenerate it with:\n  ${REGENERATE}`
      );
    }
  });
});
