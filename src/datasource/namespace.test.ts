import { DataQueryResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { parseLogQL, parsePromQL } from '../testing/queryParsers';
import { CATALOG } from '../detections/catalog';
import { interpolateNamespaces, logNamespaceStages, namespaceMatcher } from './namespace';
import { AUDIT_SCHEMA } from '../detections/schemas';
import { lokiLogFrame } from './testing/frames';
import { FakeSources, createDataSource, fakeTemplateSrv, installFakes, panelRequest } from './testing/harness';
import { TEST_CATALOG, fixtureLines } from './testing/detections';
import type { Detection } from '../detections/model';
import type { LokiTarget, PromTarget } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));

describe('interpolateNamespaces', () => {
  const templateSrv = fakeTemplateSrv({ ns: 'shop', many: ['shop', 'pay'], all: ['$__all'], empty: '' });

  it.each([
    ['', undefined],
    ['   ', undefined],
    ['default', ['default']],
    ['$ns', ['shop']],
    ['${ns}', ['shop']],
    ['$many', ['shop', 'pay']],
    ['team-$many', ['team-shop', 'team-pay']],
    ['$all', undefined],
    ['$empty', undefined],
    ['$unknown', ['$unknown']],
    ['$__all', ['$__all']],
  ])('interpolates %j', (text, expected) => {
    expect(interpolateNamespaces(text, {}, templateSrv)).toEqual(expected);
  });

  it('rejects a NUL character', () => {
    expect(() => interpolateNamespaces('a\u0000b', {}, templateSrv)).toThrow('contains a NUL character');
  });

  it('rejects a filter that expands to too many names', () => {
    const wide = fakeTemplateSrv({ a: Array.from({ length: 40 }, (_, i) => `a${i}`), b: Array.from({ length: 40 }, (_, i) => `b${i}`) });
    expect(() => interpolateNamespaces('$a-$b', {}, wide)).toThrow('expands to more than 1000 names');
  });
});

describe('namespaceMatcher', () => {
  it('matches the names literally and leaves no variable syntax', () => {
    const matcher = namespaceMatcher('namespace', ['a.b', '$__all', '[[x]]', '${y}']);
    expect(matcher.operator).toBe('=~');
    const regex = new RegExp(`^(?:${matcher.value})$`);
    for (const name of ['a.b', '$__all', '[[x]]', '${y}']) {
      expect(regex.test(name)).toBe(true);
    }
    expect(regex.test('axb')).toBe(false);
    expect(matcher.value).not.toMatch(/\$\w|\$\{|\[\[/);
  });
});

const HOSTILE = [
  'kube-system"}',
  '"} |= "x',
  'a | line_format "{{.Secret}}"',
  'a\n| drop __error__',
  '$__all',
  '${__all}',
  '[[namespace]]',
  '`',
  '\\',
  "' or vector(1)",
  ') or vector(1) (',
];

async function sentQueries(namespace: string, catalog: readonly Detection[] = TEST_CATALOG): Promise<{ loki: string[]; prom: string[]; response: DataQueryResponse; fakes: FakeSources }> {
  const fakes = installFakes();
  const response = await lastValueFrom(createDataSource(catalog).query(panelRequest([{ refId: 'A', queryType: 'detections', namespace }])));
  const loki = (fakes.lokiQuery.mock.calls[0]?.[0].targets ?? []).map((target: LokiTarget) => target.expr);
  const prom = (fakes.promQuery.mock.calls[0]?.[0].targets ?? []).map((target: PromTarget) => target.expr);
  return { loki, prom, response, fakes };
}

describe('namespace filter in queries', () => {
  it('filters audit, Falco and metric queries by namespace', async () => {
    const { loki, prom } = await sentQueries('shop');
    expect(loki[0]).toMatch(/ \| json cordon_namespace_filter="objectRef\.namespace" \| cordon_namespace_filter=~"shop"$/);
    expect(loki[1]).toMatch(/ \| k8s_ns_name=~"shop"$/);
    expect(prom[0]).toBe('sum by (namespace, pod) (rate(container_network_transmit_bytes_total{pod!="", namespace=~"shop"}[5m])) > 1000000');
  });

  it.each(HOSTILE)('keeps the query structure for the namespace %j', async (hostile) => {
    const benign = await sentQueries('default');
    const attacked = await sentQueries(hostile);

    expect(attacked.response.errors).toEqual([]);
    expect(attacked.loki).toHaveLength(benign.loki.length);
    attacked.loki.forEach((expr, index) => {
      const parsed = parseLogQL(expr);
      expect(parsed.errors).toEqual([]);
      expect(parsed.shape).toBe(parseLogQL(benign.loki[index]).shape);
      expect(expr).not.toMatch(/\$\w|\$\{|\[\[/);
    });
    expect(attacked.prom).toHaveLength(benign.prom.length);
    attacked.prom.forEach((expr, index) => {
      const parsed = parsePromQL(expr);
      expect(parsed.errors).toEqual([]);
      expect(parsed.shape).toBe(parsePromQL(benign.prom[index]).shape);
      expect(expr).not.toMatch(/\$\w|\$\{|\[\[/);
    });
  });

  it('keeps the structure of every catalog query for a hostile namespace', async () => {
    const benign = await sentQueries('default', CATALOG);
    const attacked = await sentQueries('x"} or vector(1) # |= "', CATALOG);
    expect(attacked.loki.length + attacked.prom.length).toBeGreaterThan(0);
    attacked.loki.forEach((expr, index) => expect(parseLogQL(expr).shape).toBe(parseLogQL(benign.loki[index]).shape));
    attacked.prom.forEach((expr, index) => expect(parsePromQL(expr).shape).toBe(parsePromQL(benign.prom[index]).shape));
  });

  it('drops findings outside the namespace after the query', async () => {
    const [line] = fixtureLines('fixtures/shared-data/k8s-audit/falco-traces/create_nginx_pod_privileged.json');
    const fakes = installFakes({
      loki: (target) => ({
        frames: target.refId === 'A/k8s-privileged-container' ? [lokiLogFrame(target.refId, [{ labels: { job: 'kubernetes-audit' }, line, tsNs: '1540476552581541000' }])] : [],
      }),
    });
    const request = (namespace: string) => panelRequest([{ refId: 'A', queryType: 'detections', namespace, detections: ['k8s-privileged-container'] }]);
    const inside = await lastValueFrom(createDataSource(TEST_CATALOG).query(request('default')));
    const outside = await lastValueFrom(createDataSource(TEST_CATALOG).query(request('shop')));

    expect(fakes.lokiQuery).toHaveBeenCalledTimes(2);
    expect(inside.data[0].length).toBe(1);
    expect(outside.data[0].length).toBe(0);
  });
});

describe('namespace filter in Loki', () => {
  test('anchors the alternation so Loki does not turn it into substring tests', () => {
    const stages = logNamespaceStages(AUDIT_SCHEMA, ['kube-system', 'kube-public']);
    expect(stages).toContain('=~"^(?:kube-system|kube-public)"');
  });
});
