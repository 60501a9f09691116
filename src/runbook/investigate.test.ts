import { TEST_METRIC_DETECTION, testLogDetection } from '../alerting/testing/detections';
import { LOG_DETECTIONS, findDetection } from '../detections/catalog';
import { DEFAULT_SETTINGS } from '../settings';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { parseRunbookContext } from './context';
import { EVENT_WINDOW_MS, investigateLinks } from './investigate';

const TIME = Date.parse('2025-03-01T12:00:00Z');
const SETTINGS = { ...DEFAULT_SETTINGS, lokiUid: 'loki-uid', prometheusUid: 'prom-uid' };
const FULL = `namespace=prod&pod=web-1&user=alice&image=nginx%3A1.27&time=${TIME}`;

function panesOf(url: string) {
  return JSON.parse(new URL(url, 'http://localhost').searchParams.get('panes')!).crd;
}

describe('investigateLinks', () => {
  const runtimeDetection = testLogDetection('test-runtime', 'high');

  test('starts with the detection query and its own telemetry', () => {
    const links = investigateLinks({
      detection: runtimeDetection,
      settings: SETTINGS,
      context: parseRunbookContext(FULL, 0),
      appSubUrl: '',
    });
    expect(links.map((link) => link.id)).toEqual([
      'detection',
      'pod-runtime',
      'pod-audit',
      'pod-falco',
      'user-audit',
      'image-runtime',
    ]);
  });

  test('builds Explore links over the alert window', () => {
    const links = investigateLinks({
      detection: runtimeDetection,
      settings: SETTINGS,
      context: parseRunbookContext(FULL, 0),
      appSubUrl: '/grafana',
    });
    const pod = links.find((link) => link.id === 'pod-audit')!;
    expect(pod.url!.startsWith('/grafana/explore?schemaVersion=1&panes=')).toBe(true);
    const pane = panesOf(pod.url!);
    expect(pane.datasource).toBe('loki-uid');
    expect(pane.queries[0].expr).toBe(pod.query);
    expect(pane.range).toEqual({ from: String(TIME - EVENT_WINDOW_MS), to: String(TIME + EVENT_WINDOW_MS) });
    expect(pod.query).toContain('cordon_objectRef_namespace="prod"');
  });

  test('shows placeholders and no link without values', () => {
    const links = investigateLinks({
      detection: runtimeDetection,
      settings: SETTINGS,
      context: parseRunbookContext('', TIME),
      appSubUrl: '',
    });
    const pod = links.find((link) => link.id === 'pod-runtime')!;
    expect(pod.url).toBeUndefined();
    expect(pod.missing).toEqual(['namespace', 'pod']);
    expect(pod.query).toContain('"<pod>"');
    expect(links.find((link) => link.id === 'detection')!.url).toBeDefined();
  });

  test('has no links without a Loki data source', () => {
    const links = investigateLinks({
      detection: runtimeDetection,
      settings: DEFAULT_SETTINGS,
      context: parseRunbookContext(FULL, 0),
      appSubUrl: '',
    });
    expect(links.every((link) => link.url === undefined)).toBe(true);
    expect(links.length).toBeGreaterThan(0);
  });

  test('queries Prometheus for a metric detection', () => {
    const links = investigateLinks({
      detection: TEST_METRIC_DETECTION,
      settings: SETTINGS,
      context: parseRunbookContext(FULL, 0),
      appSubUrl: '',
    });
    const own = links[0];
    expect(own.datasource).toBe('prometheus');
    expect(panesOf(own.url!).datasource).toBe('prom-uid');
    expect(parsePromQL(own.query).errors).toEqual([]);
  });

  test('adds the audited object when resource and name are known', () => {
    const context = parseRunbookContext('namespace=prod&resource=secrets&name=db-password', TIME);
    const links = investigateLinks({ detection: runtimeDetection, settings: SETTINGS, context, appSubUrl: '' });
    const object = links.find((link) => link.id === 'object-audit')!;
    expect(object.url).toBeDefined();
    expect(object.query).toContain('"secrets"');
  });

  test.each(LOG_DETECTIONS.map((detection) => [detection.id, detection] as const))(
    'queries for %s parse',
    (_id, detection) => {
      const links = investigateLinks({
        detection,
        settings: SETTINGS,
        context: parseRunbookContext(FULL, 0),
        appSubUrl: '',
      });
      for (const link of links) {
        expect(parseLogQL(link.query).errors).toEqual([]);
      }
    }
  );
});

describe('runbook detection query', () => {
  const detection = findDetection('falco-shell-in-container');
  const settings = { ...DEFAULT_SETTINGS, lokiUid: 'loki-uid', prometheusUid: 'prom-uid' };
  const own = (search: string) =>
    investigateLinks({ detection, settings, context: parseRunbookContext(search, 0), appSubUrl: '' }).find((link) => link.id === 'detection')!;

  test('is narrowed to the alert namespace', () => {
    const link = own('namespace=shop&pod=web-1');
    expect(link.description).toBe('The events this detection matched in namespace shop, 15 minutes either side of the alert.');
    expect(link.query.endsWith(' | k8s_ns_name=~"shop"')).toBe(true);
  });

  test('hostile namespace stays one value', () => {
    const link = own(`namespace=${encodeURIComponent('a"} |= "x')}`);
    expect(parseLogQL(link.query).errors).toEqual([]);
    expect(link.query.endsWith(' | k8s_ns_name=~"^(?:a\\"\\\\} \\\\|= \\"x)"')).toBe(true);
  });

  test('no namespace covers all namespaces', () => {
    expect(own('pod=web-1').description).toBe('Every event this detection matched, in all namespaces, 15 minutes either side of the alert.');
  });
});
