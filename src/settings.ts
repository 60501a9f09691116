import type { MetricSelectors } from './compiler/promql/compile';
import type { LogSourceConfig } from './compiler/logql/compile';
import { LabelMatcher, assertStreamSelector, parseSelector } from './compiler/logql/selector';
import { assertRe2Pattern } from './compiler/regex';
import { CATALOG } from './detections/catalog';
import { TuningValues, resolveTuning } from './detections/model';
import { AUDIT_SCHEMA, RUNTIME_SCHEMA, falcoSchema } from './detections/schemas';
import { DEFAULT_FALCO_LABELS, FalcoFormat, FalcoLabelNames, LogTelemetry } from './detections/telemetry';

/** The app's settings, stored in the plugin's jsonData; every field has a default. */
export interface CordonSettings {
  lokiUid?: string;
  prometheusUid?: string;
  auditSelector: string;
  falcoSelector: string;
  runtimeSelector: string;
  falcoFormat: FalcoFormat;
  falcoLabels: FalcoLabelNames;
  /** Extra matchers for cAdvisor series, without braces, such as job="kubelet". */
  cadvisorMatchers: string;
  /** Extra matchers for kube-state-metrics series. */
  kubeStateMetricsMatchers: string;
  /** Elements of each array (containers, volumes) a log query inspects before it fails closed. */
  maxArrayElements: number;
  tuning: Record<string, TuningValues>;
}

/** Defaults that match common shippers: an audit log job, falcosidekick's labels, a Docker events job. */
export const DEFAULT_SETTINGS: CordonSettings = {
  auditSelector: '{job="kubernetes-audit"}',
  falcoSelector: '{rule=~".+", priority=~".+"}',
  runtimeSelector: '{job="docker-events"}',
  falcoFormat: 'text',
  falcoLabels: DEFAULT_FALCO_LABELS,
  cadvisorMatchers: '',
  kubeStateMetricsMatchers: '',
  maxArrayElements: 10,
  tuning: {},
};

export const MAX_ARRAY_ELEMENTS_LIMIT = 32;

/** Merges stored jsonData over the defaults and checks every value, naming the one that is wrong. */
export function resolveSettings(stored: Partial<CordonSettings> | undefined): CordonSettings {
  const settings: CordonSettings = {
    ...DEFAULT_SETTINGS,
    ...withoutUndefined(stored ?? {}),
    falcoLabels: { ...DEFAULT_FALCO_LABELS, ...withoutUndefined(stored?.falcoLabels ?? {}) },
  };
  for (const key of ['auditSelector', 'falcoSelector', 'runtimeSelector', 'cadvisorMatchers', 'kubeStateMetricsMatchers'] as const) {
    if (typeof settings[key] !== 'string') {
      throw new Error(`Invalid ${key} ${JSON.stringify(settings[key])}: write it as a string, for example ${JSON.stringify(DEFAULT_SETTINGS.auditSelector)}.`);
    }
  }
  for (const key of ['lokiUid', 'prometheusUid'] as const) {
    if (settings[key] !== undefined && typeof settings[key] !== 'string') {
      throw new Error(`Invalid ${key} ${JSON.stringify(settings[key])}: write the data source uid as a string.`);
    }
  }
  if (settings.falcoFormat !== 'text' && settings.falcoFormat !== 'json') {
    throw new Error(`Invalid Falco format ${JSON.stringify(settings.falcoFormat)}: use "text" (falcosidekick's default) or "json".`);
  }
  const elements = settings.maxArrayElements;
  if (!Number.isInteger(elements) || elements < 1 || elements > MAX_ARRAY_ELEMENTS_LIMIT) {
    throw new Error(`Invalid number of array elements to inspect: ${JSON.stringify(elements)}; use an integer from 1 to ${MAX_ARRAY_ELEMENTS_LIMIT}.`);
  }
  for (const [key, label] of Object.entries(settings.falcoLabels)) {
    if (typeof label !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) {
      throw new Error(`Invalid Falco label name for ${key}: ${JSON.stringify(label)} is not a Loki label name.`);
    }
  }
  for (const telemetry of ['audit', 'falco', 'runtime'] as const) {
    streamSelector(settings, telemetry);
  }
  checkTuning(settings.tuning);
  metricMatchers(settings.cadvisorMatchers, 'cAdvisor matchers');
  metricMatchers(settings.kubeStateMetricsMatchers, 'kube-state-metrics matchers');
  return settings;
}

/** Checks tuning overrides: each key must be a detection id and each value a known parameter of it. */
function checkTuning(tuning: CordonSettings['tuning']): void {
  if (typeof tuning !== 'object' || tuning === null || Array.isArray(tuning)) {
    throw new Error(`Invalid tuning ${JSON.stringify(tuning)}: write an object of detection ids, for example {"k8s-exec-attach": {"trustedUsers": ["ci-bot"]}}.`);
  }
  for (const [id, values] of Object.entries(tuning)) {
    const detection = CATALOG.find((candidate) => candidate.id === id);
    if (!detection) {
      throw new Error(`Invalid tuning: there is no detection "${id}". Detection ids are listed on the Detections page and in docs/detections.md.`);
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new Error(`Invalid tuning of ${id}: ${JSON.stringify(values)} is not an object of parameters, for example {"trustedUsers": ["ci-bot"]}.`);
    }
    resolveTuning(detection, values);
    for (const [name, value] of Object.entries(values)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string' && CONTROL_CHARACTERS.test(item)) {
          throw new Error(
            `Invalid tuning of ${id}: ${name} contains ${JSON.stringify(item)}, with a control character or line separator. ` +
              'Kubernetes names, images and rule names never contain one; remove it.'
          );
        }
      }
    }
  }
}

/**
 * C0 and C1 controls, DEL, and the line and paragraph separators. NUL is rejected by Loki's
 * parser, and YAML 1.1 parsers (Prometheus, Loki's ruler) read U+0085, U+2028 and U+2029 as
 * line breaks inside the exported rule files.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

const SELECTOR_NAMES: Record<LogTelemetry, string> = {
  audit: 'audit log selector',
  falco: 'Falco alert selector',
  runtime: 'runtime event selector',
};

/** Parses the configured stream selector of one kind of log telemetry. */
export function streamSelector(settings: CordonSettings, telemetry: LogTelemetry): LabelMatcher[] {
  const text = { audit: settings.auditSelector, falco: settings.falcoSelector, runtime: settings.runtimeSelector }[telemetry];
  const matchers = parseSelector(text, SELECTOR_NAMES[telemetry]);
  assertStreamSelector(matchers, SELECTOR_NAMES[telemetry]);
  return matchers;
}

/** Parses extra PromQL matchers written without braces; "" means none. */
export function metricMatchers(text: string, name: string): LabelMatcher[] {
  const matchers = text.trim() === '' ? [] : parseSelector(`{${text}}`, name);
  for (const matcher of matchers) {
    if (matcher.label === '__name__') {
      throw new Error(`Invalid ${name} ${JSON.stringify(text)}: the metric name is set by each detection; remove the __name__ matcher.`);
    }
    if (matcher.operator === '=~' || matcher.operator === '!~') {
      assertRe2Pattern(matcher.value, `${name} ${JSON.stringify(text)}`);
    }
  }
  return matchers;
}

/** The selector and field schema of one kind of log telemetry. */
export function logSource(settings: CordonSettings, telemetry: LogTelemetry): LogSourceConfig {
  const schema = telemetry === 'audit' ? AUDIT_SCHEMA : telemetry === 'runtime' ? RUNTIME_SCHEMA : falcoSchema(settings.falcoFormat, settings.falcoLabels);
  return { selector: streamSelector(settings, telemetry), schema };
}

/** The configured extra matchers of the metric sources. */
export function metricSelectors(settings: CordonSettings): MetricSelectors {
  return {
    cadvisor: metricMatchers(settings.cadvisorMatchers, 'cAdvisor matchers'),
    kubeStateMetrics: metricMatchers(settings.kubeStateMetricsMatchers, 'kube-state-metrics matchers'),
  };
}
