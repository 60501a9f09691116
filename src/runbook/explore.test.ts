import { DEFAULT_SETTINGS, CordonSettings } from '../settings';
import { parseLogQL } from '../testing/queryParsers';
import { entityEventsQuery, exploreUrl } from './explore';

const CRAFTED = [
  'x") or {job=~".+"} |= ("',
  'x"} | line_format "{{ .secret }}',
  '` |~ ".*',
  'a\\"b',
  '$(id)\n`whoami`; <script>alert(1)</script>',
  "it's",
];

/**
 * Reduces a parse tree's node names to the query's structure. Line filters (|= and |~) are left
 * out because the compiler derives them only from values that JSON writes verbatim, and the
 * pipeline wrappers are left out because their number follows the number of line filters.
 */
function structure(shape: string): string {
  const tokens = shape.split(' ');
  const structural: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'LineFilter') {
      i += 3; // Filter, PipeExact or PipeMatch, String
      continue;
    }
    if (!['LineFilters', 'PipelineStage', 'PipelineExpr'].includes(tokens[i])) {
      structural.push(tokens[i]);
    }
  }
  return structural.join(' ');
}

const JSON_FALCO: CordonSettings = { ...DEFAULT_SETTINGS, falcoFormat: 'json' };

describe('exploreUrl', () => {
  test('builds the panes format', () => {
    const url = exploreUrl(
      '/grafana',
      { datasource: { type: 'loki', uid: 'loki' }, expr: '{job="a"} |= "b"' },
      { fromMs: 1000, toMs: 2000 }
    );
    const parsed = new URL(url, 'http://localhost');
    expect(parsed.pathname).toBe('/grafana/explore');
    expect(parsed.searchParams.get('schemaVersion')).toBe('1');
    expect(JSON.parse(parsed.searchParams.get('panes')!)).toEqual({
      crd: {
        datasource: 'loki',
        queries: [
          {
            refId: 'A',
            datasource: { type: 'loki', uid: 'loki' },
            expr: '{job="a"} |= "b"',
            queryType: 'range',
            editorMode: 'code',
          },
        ],
        range: { from: '1000', to: '2000' },
      },
    });
  });

  test('encodes characters that would end the parameter', () => {
    const url = exploreUrl(
      '',
      { datasource: { type: 'loki', uid: 'loki' }, expr: '{a="&b=#c"}' },
      { fromMs: 0, toMs: 1 }
    );
    expect(url).not.toContain('&b=');
    expect(url).not.toContain('#');
  });
});

describe('entityEventsQuery', () => {
  const cases = [
    ['audit pod', DEFAULT_SETTINGS, 'audit', ['namespace', 'pod']],
    ['audit user', DEFAULT_SETTINGS, 'audit', ['user']],
    ['audit object', DEFAULT_SETTINGS, 'audit', ['namespace', 'resource', 'name']],
    ['falco text pod', DEFAULT_SETTINGS, 'falco', ['namespace', 'pod']],
    ['falco json user', JSON_FALCO, 'falco', ['user']],
    ['falco json image', JSON_FALCO, 'falco', ['image']],
    ['runtime pod', DEFAULT_SETTINGS, 'runtime', ['namespace', 'pod']],
    ['runtime image', DEFAULT_SETTINGS, 'runtime', ['image']],
  ] as const;

  test.each(cases)('%s parses as LogQL', (_name, settings, telemetry, fields) => {
    const query = entityEventsQuery(settings, telemetry, Object.fromEntries(fields.map((field) => [field, 'web-1'])));
    expect(query).toBeDefined();
    expect(parseLogQL(query!).errors).toEqual([]);
  });

  test.each(cases)('%s keeps its structure with crafted values', (_name, settings, telemetry, fields) => {
    const benign = entityEventsQuery(settings, telemetry, Object.fromEntries(fields.map((field) => [field, 'web-1'])))!;
    for (const value of CRAFTED) {
      const crafted = entityEventsQuery(
        settings,
        telemetry,
        Object.fromEntries(fields.map((field) => [field, value]))
      )!;
      const parsed = parseLogQL(crafted);
      expect(parsed.errors).toEqual([]);
      expect(structure(parsed.shape)).toBe(structure(parseLogQL(benign).shape));
    }
  });

  test('filters a pod in the audit log by resource pods', () => {
    const query = entityEventsQuery(DEFAULT_SETTINGS, 'audit', { namespace: 'prod', pod: 'web-1' })!;
    expect(query.startsWith('{job="kubernetes-audit"}')).toBe(true);
    expect(query).toContain('cordon_objectRef_namespace="prod"');
    expect(query).toContain('cordon_objectRef_name="web-1" or cordon_responseObject_metadata_name="web-1"');
    expect(query).toContain('cordon_objectRef_resource="pods"');
  });

  test('uses stream labels for Falco text alerts', () => {
    const query = entityEventsQuery(DEFAULT_SETTINGS, 'falco', { namespace: 'prod', pod: 'web-1' })!;
    expect(query).toContain('k8s_ns_name="prod"');
    expect(query).toContain('k8s_pod_name="web-1"');
    expect(query).not.toContain('| json');
  });

  test('structure check notices an injected matcher', () => {
    const benign = parseLogQL('{job="a"} | json x="x" | x="1"').shape;
    expect(structure(parseLogQL('{job="a"} | json x="x" | x="1" or x=~".+"').shape)).not.toBe(structure(benign));
    expect(structure(parseLogQL('{job="a", b=~".+"} | json x="x" | x="1"').shape)).not.toBe(structure(benign));
  });

  test('returns undefined for a field the format lacks', () => {
    expect(entityEventsQuery(DEFAULT_SETTINGS, 'falco', { user: 'alice' })).toBeUndefined();
    expect(entityEventsQuery(DEFAULT_SETTINGS, 'runtime', { user: 'alice' })).toBeUndefined();
    expect(entityEventsQuery(DEFAULT_SETTINGS, 'audit', {})).toBeUndefined();
  });
});
