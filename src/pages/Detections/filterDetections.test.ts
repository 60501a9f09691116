import { CATALOG } from '../../detections/catalog';
import { Detection } from '../../detections/model';
import { EMPTY_FILTER, filterDetections, filterToParams, parseFilter } from './filterDetections';

function fakeDetection(id: string, overrides: Partial<Detection>): Detection {
  const base = CATALOG.find((detection) => detection.kind === 'log')!;
  return { ...base, id, title: id, ...overrides } as Detection;
}

const detections = [
  fakeDetection('audit-high', { telemetry: 'audit', severity: 'high' }),
  fakeDetection('falco-critical', { telemetry: 'falco', severity: 'critical' }),
  fakeDetection('runtime-low', { telemetry: 'runtime', severity: 'low' }),
  fakeDetection('falco-info', { telemetry: 'falco', severity: 'info' }),
];

const ids = (list: Detection[]) => list.map((detection) => detection.id);

describe('filterDetections', () => {
  test('empty filter keeps all', () => {
    expect(ids(filterDetections(detections, EMPTY_FILTER))).toEqual([
      'audit-high',
      'falco-critical',
      'runtime-low',
      'falco-info',
    ]);
  });

  test('telemetry keeps one kind', () => {
    expect(ids(filterDetections(detections, { ...EMPTY_FILTER, telemetry: 'falco' }))).toEqual([
      'falco-critical',
      'falco-info',
    ]);
  });

  test('minimum severity drops lower ones', () => {
    expect(ids(filterDetections(detections, { ...EMPTY_FILTER, minSeverity: 'high' }))).toEqual([
      'audit-high',
      'falco-critical',
    ]);
  });

  test('search needs every word', () => {
    expect(ids(filterDetections(detections, { ...EMPTY_FILTER, search: 'FALCO info' }))).toEqual(['falco-info']);
  });

  test('search matches ATT&CK technique id', () => {
    const technique = detections[0].technique.id;
    expect(filterDetections(detections, { ...EMPTY_FILTER, search: technique })).toHaveLength(detections.length);
  });

  test('search ranks title matches first', () => {
    const ranked = [
      fakeDetection('described', { title: 'Debug container added', description: 'gives an attacker a shell' }),
      fakeDetection('titled', { title: 'Shell spawned in a container', description: 'Falco reported it.' }),
    ];
    expect(ids(filterDetections(ranked, { ...EMPTY_FILTER, search: 'shell' }))).toEqual(['titled', 'described']);
  });

  test('combined filters intersect', () => {
    const filter = { search: 'falco', telemetry: 'falco' as const, minSeverity: 'low' as const };
    expect(ids(filterDetections(detections, filter))).toEqual(['falco-critical']);
  });
});

describe('URL parameters', () => {
  test('round trip keeps the filter', () => {
    const filter = { search: 'shell', telemetry: 'runtime' as const, minSeverity: 'medium' as const };
    expect(parseFilter(filterToParams(filter))).toEqual(filter);
  });

  test('empty filter writes no parameters', () => {
    expect(filterToParams(EMPTY_FILTER).toString()).toBe('');
  });

  test('unknown values mean no filter', () => {
    expect(parseFilter(new URLSearchParams('telemetry=syslog&severity=urgent'))).toEqual(EMPTY_FILTER);
  });
});
