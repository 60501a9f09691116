import { compileLogDetection } from '../../../compiler/logql/compile';
import { DEFAULT_SETTINGS, logSource } from '../../../settings';
import { parseLogQL } from '../../../testing/queryParsers';
import type { LogDetection, TuningValues } from '../../model';
import { AUDIT_DETECTIONS } from './index';

/** Tuning values that try to end a string literal, a regex group or a line; host paths must start with "/". */
const HOSTILE_VALUES = ['/"', '/\\', '/|', '/)', '/"}', '/\n', '/a"b\\c|d)e"}f\ng*', '/*'];

function compile(detection: LogDetection, tuning?: TuningValues) {
  return compileLogDetection(detection, logSource(DEFAULT_SETTINGS, 'audit'), {
    maxArrayElements: DEFAULT_SETTINGS.maxArrayElements,
    tuning,
  });
}

/** Replaces every list parameter: `fill` decides the new value from the default. */
function listTuning(detection: LogDetection, fill: (defaults: readonly string[]) => string[]): TuningValues {
  const tuning: TuningValues = {};
  for (const parameter of detection.tuning) {
    if (parameter.kind === 'list') {
      tuning[parameter.name] = fill(parameter.default);
    }
  }
  return tuning;
}

function shapes(detection: LogDetection, tuning?: TuningValues) {
  const compiled = compile(detection, tuning);
  return { log: parseLogQL(compiled.logQuery), metric: parseLogQL(compiled.metricQuery) };
}

describe.each(AUDIT_DETECTIONS.map((detection) => [detection.id, detection] as const))('%s', (_id, detection) => {
  test('reads audit telemetry', () => {
    expect(detection.telemetry).toBe('audit');
  });

  test('compiles to queries that parse', () => {
    const { log, metric } = shapes(detection);
    expect(log.errors).toEqual([]);
    expect(metric.errors).toEqual([]);
  });

  test('keeps its query shape with hostile defaults replaced', () => {
    const defaults = shapes(detection);
    const hostile = shapes(detection, listTuning(detection, (values) => (values.length === 0 ? [] : HOSTILE_VALUES)));
    expect(hostile.log.errors).toEqual([]);
    expect(hostile.metric.errors).toEqual([]);
    expect(hostile.log.shape).toBe(defaults.log.shape);
    expect(hostile.metric.shape).toBe(defaults.metric.shape);
  });

  test('keeps its query shape with every list set', () => {
    const plain = shapes(detection, listTuning(detection, () => ['/plain']));
    const hostile = shapes(detection, listTuning(detection, () => HOSTILE_VALUES));
    expect(hostile.log.errors).toEqual([]);
    expect(hostile.metric.errors).toEqual([]);
    expect(hostile.log.shape).toBe(plain.log.shape);
    expect(hostile.metric.shape).toBe(plain.metric.shape);
  });

  test('documents every part of the rule', () => {
    expect(detection.id).toMatch(/^k8s-[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(detection.falsePositives.length).toBeGreaterThan(0);
    expect(detection.evidence.length).toBeGreaterThan(0);
    expect(detection.references.length).toBeGreaterThan(0);
    for (const steps of Object.values(detection.response)) {
      expect(steps.length).toBeGreaterThan(0);
    }
  });
});

test('audit detection ids are unique', () => {
  const ids = AUDIT_DETECTIONS.map((detection) => detection.id);
  expect(new Set(ids).size).toBe(ids.length);
});
