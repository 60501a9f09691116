import { CATALOG } from '../detections/catalog';
import { DEFAULT_SETTINGS } from '../settings';
import { InstallOptions, InstallPermissionError, installAlertRules, previewAlertRuleInstall } from './install';
import { ruleUid } from './metadata';
import { FOLDER_TITLE, FOLDER_UID } from './rules';
import { TEST_METRIC_DETECTION, testLogDetection } from './testing/detections';
import { FakeGrafana } from './testing/fakeGrafana';

const DETECTIONS = [...CATALOG, TEST_METRIC_DETECTION];
const OPTIONS: InstallOptions = {
  grafanaUrl: 'https://grafana.example.com/',
  settings: { ...DEFAULT_SETTINGS, lokiUid: 'loki-uid', prometheusUid: 'prom-uid' },
  orgId: 1,
  detections: DETECTIONS,
};

function outcomes(report: { rules: Array<{ uid: string; outcome: string }> }): Record<string, string> {
  return Object.fromEntries(report.rules.map((rule) => [rule.uid, rule.outcome]));
}

describe('installAlertRules', () => {
  test('first install creates the folder and every rule', async () => {
    const grafana = new FakeGrafana();
    const report = await installAlertRules(grafana, OPTIONS);

    expect(report.folderCreated).toBe(true);
    expect(grafana.folders).toEqual([{ uid: FOLDER_UID, title: FOLDER_TITLE }]);
    expect(report.rules).toHaveLength(DETECTIONS.length);
    expect(report.rules.every((rule) => rule.outcome === 'created')).toBe(true);
    expect(report.groups.every((group) => group.status === 'created')).toBe(true);
    expect(
      grafana
        .allRules()
        .map((rule) => rule.uid)
        .sort()
    ).toEqual(DETECTIONS.map((detection) => ruleUid(detection.id)).sort());
  });

  test('sends groups with provenance disabled', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    const puts = grafana.requests.filter((request) => request.method === 'PUT');
    expect(puts.length).toBeGreaterThan(0);
    for (const put of puts) {
      expect(put.headers).toEqual({ 'X-Disable-Provenance': 'true' });
      expect(put.url).toMatch(/^\/api\/v1\/provisioning\/folder\/cordon\/rule-groups\/(audit|falco|runtime|metrics)$/);
    }
    expect(grafana.allRules().every((rule) => rule.provenance === '')).toBe(true);
  });

  test('second run changes nothing', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    const writesBefore = grafana.writes().length;

    const report = await installAlertRules(grafana, OPTIONS);

    expect(grafana.writes()).toHaveLength(writesBefore);
    expect(report.folderCreated).toBe(false);
    expect(report.rules.every((rule) => rule.outcome === 'unchanged')).toBe(true);
    expect(report.groups.every((group) => group.status === 'unchanged')).toBe(true);
  });

  test('keeps a rule the user paused', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    // Pause a rule in the group that the next install rewrites, so the PUT has to carry the pause.
    const paused = grafana.groups
      .get('cordon/metrics')!
      .rules.find((rule) => rule.uid !== ruleUid(TEST_METRIC_DETECTION.id))!;
    paused.isPaused = true;
    paused.notification_settings = { receiver: 'security-oncall' };
    const changed = { ...TEST_METRIC_DETECTION, description: 'A changed description.' };
    const before = grafana.requests.length;

    const report = await installAlertRules(grafana, { ...OPTIONS, detections: [...CATALOG, changed] });

    const put = grafana.requests.slice(before).find((request) => request.method === 'PUT')!;
    expect(put.url.endsWith('/metrics')).toBe(true);
    const stored = grafana.allRules().find((rule) => rule.uid === paused.uid)!;
    expect(stored.isPaused).toBe(true);
    expect(stored.notification_settings).toEqual({ receiver: 'security-oncall' });
    expect(outcomes(report)[paused.uid]).toBe('unchanged');
    expect(outcomes(report)[ruleUid(changed.id)]).toBe('updated');
  });

  test('reports a rule changed by a new Cordon version as updated', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    const changed = {
      ...TEST_METRIC_DETECTION,
      query: TEST_METRIC_DETECTION.query.replace('[5m]', '[10m]'),
      severity: 'high' as const,
    };

    const report = await installAlertRules(grafana, { ...OPTIONS, detections: [...CATALOG, changed] });

    const rule = report.rules.find((entry) => entry.uid === ruleUid(changed.id))!;
    expect(rule.outcome).toBe('updated');
    expect(rule.changes).toEqual(expect.arrayContaining(['data', 'for', 'labels']));
    expect(report.rules.filter((entry) => entry.outcome === 'updated')).toHaveLength(1);
    const stored = grafana.allRules().find((entry) => entry.uid === ruleUid(changed.id))!;
    expect(stored.data[0].model.expr).toContain('[10m]');
    expect(stored.labels!.severity).toBe('high');
  });

  test('overwrites a field the user edited', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    const edited = grafana.allRules()[0];
    edited.title = 'Renamed by hand';

    const report = await installAlertRules(grafana, OPTIONS);

    expect(outcomes(report)[edited.uid]).toBe('updated');
    expect(report.rules.find((rule) => rule.uid === edited.uid)!.changes).toEqual(['title']);
  });

  test('removes a rule whose detection left the catalog and keeps foreign rules', async () => {
    const grafana = new FakeGrafana();
    const retired = testLogDetection('test-retired', 'low');
    await installAlertRules(grafana, { ...OPTIONS, detections: [...DETECTIONS, retired] });
    const runtime = [...grafana.groups.values()].find((group) => group.title === 'runtime')!;
    runtime.rules.push({ ...runtime.rules[0], uid: 'team-rule', title: 'Team rule', labels: { team: 'platform' } });

    const report = await installAlertRules(grafana, OPTIONS);

    expect(outcomes(report)[ruleUid('test-retired')]).toBe('removed');
    expect(outcomes(report)['team-rule']).toBe('kept');
    const uids = grafana.allRules().map((rule) => rule.uid);
    expect(uids).not.toContain(ruleUid('test-retired'));
    expect(uids).toContain('team-rule');
  });

  test('follows the interval of a new most severe rule', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, { ...OPTIONS, detections: [testLogDetection('test-a', 'low')] });
    const report = await installAlertRules(grafana, {
      ...OPTIONS,
      detections: [testLogDetection('test-a', 'low'), testLogDetection('test-b', 'critical')],
    });
    expect(report.groups).toEqual([{ name: 'runtime', status: 'updated', intervalChange: { from: 300, to: 30 } }]);
    expect(grafana.groups.get('cordon/runtime')!.interval).toBe(30);
  });

  test('finds a folder that file provisioning created by title', async () => {
    const grafana = new FakeGrafana();
    grafana.folders.push({ uid: 'generated-by-file', title: FOLDER_TITLE });
    const report = await installAlertRules(grafana, OPTIONS);
    expect(report.folderUid).toBe('generated-by-file');
    expect(grafana.folders).toHaveLength(1);
    expect([...grafana.groups.keys()].every((key) => key.startsWith('generated-by-file/'))).toBe(true);
  });

  test('refuses to change a group provisioned from files', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    for (const rule of grafana.groups.get('cordon/audit')!.rules) {
      rule.provenance = 'file';
    }
    const changed = CATALOG.filter((detection) => detection.telemetry === 'audit').map((detection) => ({
      ...detection,
      title: `${detection.title}!`,
    }));
    const before = grafana.requests.length;

    const report = await installAlertRules(grafana, {
      ...OPTIONS,
      detections: [...changed, ...DETECTIONS.filter((detection) => detection.telemetry !== 'audit')],
    });

    const audit = report.groups.find((group) => group.name === 'audit')!;
    expect(audit.status).toBe('failed');
    expect(audit.message).toMatch(/provisioned from files/);
    const sent = grafana.requests.slice(before);
    expect(sent.some((request) => request.method === 'PUT' && request.url.endsWith('/audit'))).toBe(false);
    expect(report.rules.filter((rule) => rule.group === 'audit').every((rule) => rule.outcome === 'failed')).toBe(true);
  });

  test('leaves out rules whose data source is not configured', async () => {
    const grafana = new FakeGrafana();
    const report = await installAlertRules(grafana, {
      ...OPTIONS,
      settings: { ...OPTIONS.settings, prometheusUid: undefined },
    });
    expect(report.groups.map((group) => group.name)).not.toContain('metrics');
    expect(report.notices).toEqual([expect.stringContaining('choose the Prometheus data source')]);
  });
});

describe('installAlertRules errors', () => {
  test.each([401, 403])('names the role needed on HTTP %i', async (status) => {
    const grafana = new FakeGrafana();
    grafana.denyWith = status;
    await expect(installAlertRules(grafana, OPTIONS)).rejects.toThrow(InstallPermissionError);
    await expect(installAlertRules(grafana, OPTIONS)).rejects.toThrow(
      /Editor role or above.*alert\.provisioning:write/
    );
  });

  test('403 on a group write names the role', async () => {
    const grafana = new FakeGrafana();
    grafana.failures.push({ method: 'PUT', url: /rule-groups/, status: 403, message: 'permissions needed' });
    await expect(installAlertRules(grafana, OPTIONS)).rejects.toThrow(
      /write rule group "audit".*HTTP 403.*Editor role/
    );
  });

  test('names the group and status of another error and goes on', async () => {
    const grafana = new FakeGrafana();
    grafana.failures.push({ method: 'PUT', url: /rule-groups\/falco$/, status: 400, message: 'invalid alert rule' });

    const report = await installAlertRules(grafana, OPTIONS);

    const falco = report.groups.find((group) => group.name === 'falco')!;
    expect(falco.status).toBe('failed');
    expect(falco.message).toBe(
      'Could not write rule group "falco" in folder Cordon: Grafana returned HTTP 400: invalid alert rule.'
    );
    expect(report.rules.filter((rule) => rule.group === 'falco').every((rule) => rule.outcome === 'failed')).toBe(true);
    expect(report.groups.find((group) => group.name === 'audit')!.status).toBe('created');
  });

  test('names the group when reading it fails', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    grafana.failures.push({ method: 'GET', url: /rule-groups\/runtime$/, status: 500, message: 'database is locked' });

    const report = await installAlertRules(grafana, OPTIONS);

    expect(report.groups.find((group) => group.name === 'runtime')!.message).toBe(
      'Could not read rule group "runtime" in folder Cordon: Grafana returned HTTP 500: database is locked.'
    );
  });
});

describe('previewAlertRuleInstall', () => {
  test('reports creations and writes nothing', async () => {
    const grafana = new FakeGrafana();
    const report = await previewAlertRuleInstall(grafana, OPTIONS);
    expect(report.applied).toBe(false);
    expect(report.folderCreated).toBe(true);
    expect(report.rules.every((rule) => rule.outcome === 'created')).toBe(true);
    expect(grafana.writes()).toEqual([]);
  });

  test('reports updates against the stored rules', async () => {
    const grafana = new FakeGrafana();
    await installAlertRules(grafana, OPTIONS);
    grafana.allRules()[0].for = '1h';
    const writes = grafana.writes().length;

    const report = await previewAlertRuleInstall(grafana, OPTIONS);

    expect(report.rules.filter((rule) => rule.outcome === 'updated').map((rule) => rule.changes)).toEqual([['for']]);
    expect(grafana.writes()).toHaveLength(writes);
  });
});
