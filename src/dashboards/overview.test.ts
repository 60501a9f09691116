import overview from './overview.json';

const CORDON_TYPE = 'cordon-detection-datasource';

interface Panel {
  id: number;
  title: string;
  datasource: { type: string; uid: string };
  targets: Array<{ refId: string; queryType: string; datasource: { type: string; uid: string } }>;
}

const panels = overview.panels as Panel[];
const panel = (title: string) => panels.find((candidate) => candidate.title === title)!;

describe('Cordon overview dashboard', () => {
  test('panel ids are unique', () => {
    const ids = panels.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every panel queries Cordon', () => {
    for (const candidate of panels) {
      expect({ title: candidate.title, type: candidate.datasource.type }).toEqual({
        title: candidate.title,
        type: CORDON_TYPE,
      });
      for (const target of candidate.targets) {
        expect(target.datasource).toEqual(candidate.datasource);
      }
    }
  });

  test('data source comes from the variable', () => {
    const variable = overview.templating.list.find((candidate) => candidate.name === 'datasource')!;
    expect(variable.type).toBe('datasource');
    expect(variable.query).toBe(CORDON_TYPE);
    for (const candidate of panels) {
      expect(candidate.datasource.uid).toBe('${datasource}');
    }
  });

  test.each([
    ['Findings', 'detections'],
    ['Findings by severity', 'detections'],
    ['Telemetry coverage', 'coverage'],
  ])('%s panel runs %s', (title, queryType) => {
    expect(panel(title).targets.map((target) => target.queryType)).toEqual([queryType]);
  });

  // NOTE: this chain of transformations has not been run in a Grafana instance; the test only pins its order.
  test('severity chart partitions by severity', () => {
    const transformations = (panel('Findings by severity') as unknown as { transformations: Array<{ id: string }> })
      .transformations;
    expect(transformations.map((transformation) => transformation.id)).toEqual([
      'formatTime',
      'groupBy',
      'convertFieldType',
      'partitionByValues',
      'sortBy',
    ]);
  });
});
