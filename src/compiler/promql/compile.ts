import { type MetricDetection, type TuningParameter, type TuningValues, resolveTuning } from '../../detections/model';
import { LabelMatcher, formatMatchers } from '../logql/selector';
import { quoteString } from '../quote';
import { literalAlternation } from '../regex';

/** Configured label matchers that metric templates splice into their series selectors. */
export interface MetricSelectors {
  cadvisor: LabelMatcher[];
  kubeStateMetrics: LabelMatcher[];
}

export interface CompiledMetricDetection {
  query: string;
  groupBy: readonly string[];
}

/** A regex that matches no label value, for an empty list used with `=~` or `!~`. */
export const MATCH_NOTHING = '[^\\x00-\\x{10FFFF}]';

/**
 * Renders one tuning value as exactly one PromQL token: a duration, a number, or a quoted
 * regex alternation of literals. No value can add or change syntax around it.
 */
function renderValue(parameter: TuningParameter, value: TuningValues[string]): string {
  switch (parameter.kind) {
    case 'duration':
      return String(value);
    case 'number':
      return String(value);
    case 'list': {
      const items = value as readonly string[];
      return quoteString(items.length === 0 ? MATCH_NOTHING : literalAlternation(items));
    }
  }
}

/** Renders configured matchers to follow other matchers inside braces: `, a="b"`, or "" for none. */
function renderExtraMatchers(matchers: LabelMatcher[]): string {
  return matchers.length === 0 ? '' : `, ${formatMatchers(matchers)}`;
}

/**
 * Renders a metric detection's PromQL template. Placeholders: `${<tuning parameter>}` and
 * `${cadvisorMatchers}` / `${kubeStateMetricsMatchers}`, which expand to `, name="value"...`
 * and so must follow at least one matcher inside the braces.
 */
export function compileMetricDetection(detection: MetricDetection, selectors: MetricSelectors, tuning?: TuningValues): CompiledMetricDetection {
  const values = resolveTuning(detection, tuning);
  const query = detection.query.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (placeholder, name: string) => {
    if (name === 'cadvisorMatchers') {
      return renderExtraMatchers(selectors.cadvisor);
    }
    if (name === 'kubeStateMetricsMatchers') {
      return renderExtraMatchers(selectors.kubeStateMetrics);
    }
    const parameter = detection.tuning.find((candidate) => candidate.name === name);
    if (!parameter) {
      throw new Error(`Detection ${detection.id}: the query uses ${placeholder}, which is neither a tuning parameter nor a selector.`);
    }
    return renderValue(parameter, values[name]);
  });
  return { query, groupBy: detection.groupBy };
}
