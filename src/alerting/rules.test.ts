import { CATALOG } from '../detections/catalog';
import { SEVERITIES } from '../detections/model';
import { DEFAULT_SETTINGS } from '../settings';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { parseDurationSeconds } from './durations';
import { PENDING_PERIOD, RUNBOOK_PARAMETERS, detectionLabels, ruleUid } from './metadata';
import { EVALUATION_INTERVAL, GROUP_ORDER, buildCordonRules, groupIntervalSeconds, pendingPeriod } from './rules';
import { DEFAULT_WINDOW } from '../compiler/logql/compile';
import { TEST_METRIC_DETECTION, testLogDetection } from './testing/detections';

const GRAFANA_URL = 'https://grafana.example.com';
const DETECTIONS = [...CATALOG, TEST_METRIC_DETECTION];

describe('buildCordonRules', () => {
  const { groups, skipped } = buildCordonRules({
    grafanaUrl: GRAFANA_URL,
    settings: DEFAULT_SETTINGS,
    detections: DETECTIONS,
  });
  const rules = groups.flatMap((group) => group.rules);

  test('compiles every catalog detection with default settings', () => {
    expect(skipped).toEqual([]);
    expect(rules.map((rule) => rule.detectionId).sort()).toEqual(DETECTIONS.map((detection) => detection.id).sort());
  });

  test('groups rules per telemetry in a fixed order', () => {
    const names = groups.map((group) => group.name);
    expect(names).toEqual(GROUP_ORDER.filter((name) => names.includes(name)));
    for (const group of groups) {
      for (const rule of group.rules) {
        expect(rule.labels.telemetry).toBe(group.name);
      }
    }
  });

  test.each(DETECTIONS.map((detection) => [detection.id, detection] as const))('rule for %s', (_id, detection) => {
    const rule = rules.find((candidate) => candidate.detectionId === detection.id)!;
    expect(rule.uid).toBe(ruleUid(detection.id));
    expect(rule.title).toBe(detection.title);
    expect(rule.for).toBe(pendingPeriod(detection));
    expect(rule.labels).toEqual(detectionLabels(detection));
    expect(rule.datasource).toBe(detection.kind === 'log' ? 'loki' : 'prometheus');
    expect(
      rule.annotations.runbook_url.startsWith(`${GRAFANA_URL}/a/cordon-detection-app/runbook/${detection.id}`)
    ).toBe(true);
    // A metric detection passes the labels its entities map, and a log detection every grouped label.
    const mapped = (name: string) => (detection.kind === 'metric' ? (detection.entities as Record<string, string | undefined>)[name] : name);
    for (const name of RUNBOOK_PARAMETERS) {
      const label = mapped(name);
      if (label !== undefined && rule.queryLabels.includes(label)) {
        expect(rule.annotations.runbook_url).toContain(`${name}={{ $labels.${label} | urlquery }}`);
      }
    }
    const parsed = rule.datasource === 'loki' ? parseLogQL(rule.expr) : parsePromQL(rule.expr);
    expect(parsed.errors).toEqual([]);
  });

  test('uids and titles are unique', () => {
    expect(new Set(rules.map((rule) => rule.uid)).size).toBe(rules.length);
    expect(new Set(rules.map((rule) => rule.title)).size).toBe(rules.length);
  });

  test('metric rule keeps the compiled PromQL', () => {
    const rule = rules.find((candidate) => candidate.detectionId === TEST_METRIC_DETECTION.id)!;
    expect(rule.expr).toBe(
      'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=""}[5m])) > 0.9'
    );
    expect(rule.queryLabels).toEqual(['namespace', 'pod']);
  });

  test('rejects a missing Grafana URL', () => {
    expect(() => buildCordonRules({ grafanaUrl: '', settings: DEFAULT_SETTINGS })).toThrow(/root URL is missing/);
  });
});

describe('buildCordonRules skipping', () => {
  test('lists a detection that does not compile', () => {
    const broken = { ...TEST_METRIC_DETECTION, id: 'test-broken', query: 'up{${unknownPlaceholder}}' };
    const { groups, skipped } = buildCordonRules({
      grafanaUrl: GRAFANA_URL,
      settings: DEFAULT_SETTINGS,
      detections: [broken, TEST_METRIC_DETECTION],
    });
    expect(skipped.map((entry) => entry.detectionId)).toEqual(['test-broken']);
    expect(skipped[0].reason).toMatch(/unknownPlaceholder/);
    expect(groups.flatMap((group) => group.rules).map((rule) => rule.detectionId)).toEqual([TEST_METRIC_DETECTION.id]);
  });

  test('omits a data source kind', () => {
    const { groups } = buildCordonRules({
      grafanaUrl: GRAFANA_URL,
      settings: DEFAULT_SETTINGS,
      detections: DETECTIONS,
      omitDataSources: ['prometheus'],
    });
    expect(groups.map((group) => group.name)).not.toContain('metrics');
    expect(groups.length).toBeGreaterThan(0);
  });
});

describe('groupIntervalSeconds', () => {
  test('follows the most severe rule', () => {
    expect(groupIntervalSeconds([testLogDetection('a', 'low'), testLogDetection('b', 'critical')])).toBe(30);
    expect(groupIntervalSeconds([testLogDetection('a', 'low'), testLogDetection('b', 'info')])).toBe(300);
  });

  test('never exceeds the shortest window', () => {
    expect(groupIntervalSeconds([testLogDetection('a', 'info', '2m')])).toBe(120);
  });

  test('rounds down to the 10 second base interval', () => {
    expect(groupIntervalSeconds([testLogDetection('a', 'info', '45s')])).toBe(40);
    expect(groupIntervalSeconds([testLogDetection('a', 'info', '5s')])).toBe(10);
  });

  test('each severity interval divides its pending period', () => {
    for (const severity of SEVERITIES) {
      const pending = parseDurationSeconds(PENDING_PERIOD[severity]);
      expect(pending % parseDurationSeconds(EVALUATION_INTERVAL[severity])).toBe(0);
    }
  });

  test('group carries interval as duration and seconds', () => {
    const { groups } = buildCordonRules({
      grafanaUrl: GRAFANA_URL,
      settings: DEFAULT_SETTINGS,
      detections: [testLogDetection('test-a', 'low'), testLogDetection('test-b', 'high')],
    });
    expect(groups).toHaveLength(1);
    expect(groups[0].interval).toBe('1m');
    expect(groups[0].intervalSeconds).toBe(60);
  });
});

describe('pending periods of log detections', () => {
  test('leave every log alert time to fire on one event', () => {
    const { groups } = buildCordonRules({ grafanaUrl: 'https://grafana.example.com', settings: DEFAULT_SETTINGS });
    for (const group of groups) {
      for (const rule of group.rules.filter((entry) => entry.datasource === 'loki' && group.name !== 'health')) {
        const detection = CATALOG.find((entry) => entry.id === rule.detectionId)!;
        const window = parseDurationSeconds((detection.kind === 'log' && detection.window) || DEFAULT_WINDOW);
        // The alert must reach `for` while the event is still inside the counting window.
        expect([rule.detectionId, parseDurationSeconds(rule.for) + group.intervalSeconds < window]).toEqual([rule.detectionId, true]);
      }
    }
  });
});
