import { compileMetricDetection, MetricSelectors } from '../../../compiler/promql/compile';
import { parsePromQL } from '../../../testing/queryParsers';
import type { MetricDetection, TuningValues } from '../../model';
import { METRIC_DETECTION_LIST } from './index';

const NO_SELECTORS: MetricSelectors = { cadvisor: [], kubeStateMetrics: [] };

/** Strings that would end a PromQL string, a matcher, a selector or a regex group if pasted unquoted. */
const HOSTILE_ITEMS = ['"', '\\', '|', ')', '"}', 'a\nb', '.*', '${factor}', '"} or vector(1) #'];

/** Replaces the default of every list parameter with hostile strings; resolveTuning already rejects hostile numbers and durations. */
function hostileTuning(detection: MetricDetection): TuningValues {
  return Object.fromEntries(detection.tuning.filter((parameter) => parameter.kind === 'list').map((parameter) => [parameter.name, HOSTILE_ITEMS]));
}

const PLAIN_SELECTORS: MetricSelectors = {
  cadvisor: [{ label: 'job', operator: '=', value: 'kubelet' }],
  kubeStateMetrics: [{ label: 'job', operator: '=', value: 'kube-state-metrics' }],
};

const HOSTILE_SELECTORS: MetricSelectors = {
  cadvisor: [{ label: 'job', operator: '=', value: '"} or vector(1) #' }],
  kubeStateMetrics: [{ label: 'job', operator: '=', value: 'a\\"}\n|)' }],
};

describe.each(METRIC_DETECTION_LIST.map((detection) => [detection.id, detection] as const))('%s', (_id, detection) => {
  const defaults = compileMetricDetection(detection, NO_SELECTORS).query;

  test('default query parses', () => {
    expect(parsePromQL(defaults).errors).toEqual([]);
  });

  test('hostile tuning keeps the tree shape', () => {
    const hostile = compileMetricDetection(detection, NO_SELECTORS, hostileTuning(detection)).query;
    expect(parsePromQL(hostile).errors).toEqual([]);
    expect(parsePromQL(hostile).shape).toEqual(parsePromQL(defaults).shape);
  });

  test('hostile selectors keep the tree shape', () => {
    const plain = compileMetricDetection(detection, PLAIN_SELECTORS).query;
    const hostile = compileMetricDetection(detection, HOSTILE_SELECTORS).query;
    expect(parsePromQL(hostile).errors).toEqual([]);
    expect(parsePromQL(hostile).shape).toEqual(parsePromQL(plain).shape);
  });

  test('non-default numbers and durations keep the tree shape', () => {
    const values: TuningValues = {};
    for (const parameter of detection.tuning) {
      if (parameter.kind === 'number') {
        values[parameter.name] = parameter.max ?? parameter.default + 1;
      } else if (parameter.kind === 'duration') {
        values[parameter.name] = '90m';
      }
    }
    const changed = compileMetricDetection(detection, NO_SELECTORS, values).query;
    expect(parsePromQL(changed).shape).toEqual(parsePromQL(defaults).shape);
  });

  test('every placeholder is a tuning parameter or selector', () => {
    const names = [...detection.query.matchAll(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1]);
    const known = new Set(['cadvisorMatchers', 'kubeStateMetricsMatchers', ...detection.tuning.map((parameter) => parameter.name)]);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(detection.tuning.map((parameter) => parameter.name).filter((name) => !names.includes(name))).toEqual([]);
  });

  test('groups by the labels its entities read', () => {
    for (const label of Object.values(detection.entities)) {
      expect(detection.groupBy).toContain(label);
    }
  });

  test('runbook has steps in every phase', () => {
    for (const steps of Object.values(detection.response)) {
      expect(steps.length).toBeGreaterThan(0);
    }
    expect(detection.falsePositives.length).toBeGreaterThan(0);
    expect(detection.references.length).toBeGreaterThan(0);
  });
});

test('metric detection ids are unique', () => {
  const ids = METRIC_DETECTION_LIST.map((detection) => detection.id);
  expect(new Set(ids).size).toBe(ids.length);
});
