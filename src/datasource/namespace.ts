import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { LabelMatcher, formatMatchers } from '../compiler/logql/selector';
import type { MetricSelectors } from '../compiler/promql/compile';
import { lokiLabelPattern } from '../compiler/logql/labelRegex';
import { quoteString } from '../compiler/quote';
import { escapeRegex } from '../compiler/regex';
import { formatPath, parsePath } from '../detections/paths';
import type { SourceSchema } from '../detections/schemas';

/** The namespaces a query is limited to; undefined means every namespace. */
export type NamespaceFilter = readonly string[] | undefined;

/** The label that a log query extracts the namespace into before it compares it. */
export const NAMESPACE_FILTER_LABEL = 'cordon_namespace_filter';

const ALL_VALUE = '$__all';

/** Names one filter may expand to; each becomes an alternative of one regex in every query. */
export const MAX_NAMESPACES = 1000;
const MARKER = /\u0000(\d+)\u0000/;

interface VariableLike {
  current?: { value?: unknown };
}

/**
 * Interpolates the namespace field of a query into a list of namespace names. A multi-value
 * variable gives one name per value and a variable set to "All" gives no filter. The values are
 * only ever used as literals: they reach a query through `namespaceMatcher`, never as query text.
 *
 * NOTE: Grafana passes a variable's custom "All" value (such as `.*`) on without the format
 * function, so it becomes a literal namespace name. Leave the custom all value of the variable empty.
 */
export function interpolateNamespaces(text: string | undefined, scopedVars: ScopedVars, templateSrv: TemplateSrv): NamespaceFilter {
  const template = (text ?? '').trim();
  if (template === '') {
    return undefined;
  }
  if (template.includes('\u0000')) {
    throw new Error(`Invalid namespace filter ${JSON.stringify(text)}: it contains a NUL character. Enter a namespace name or a variable such as $namespace.`);
  }

  const captured: Array<{ values: string[]; all: boolean }> = [];
  const output = templateSrv.replace(template, scopedVars, (value: unknown, variable?: VariableLike) => {
    const values = (Array.isArray(value) ? value : [value]).map((item) => String(item));
    captured.push({ values, all: isAllSelected(variable) });
    return `\u0000${captured.length - 1}\u0000`;
  });

  const parts = output.split(MARKER);
  if (parts.length === 3 && parts[0] === '' && parts[2] === '' && captured[Number(parts[1])].all) {
    return undefined;
  }
  // Each variable multiplies the names, as Grafana repeats a panel per value.
  let names = [''];
  parts.forEach((part, index) => {
    const options = index % 2 === 0 ? [part] : captured[Number(part)].values;
    names = names.flatMap((prefix) => options.map((option) => prefix + option));
    if (names.length > MAX_NAMESPACES) {
      throw new Error(`The namespace filter ${JSON.stringify(text)} expands to more than ${MAX_NAMESPACES} names; select fewer values.`);
    }
  });
  const unique = [...new Set(names.filter((name) => name !== ''))];
  return unique.length === 0 ? undefined : unique;
}

function isAllSelected(variable: VariableLike | undefined): boolean {
  const current = variable?.current?.value;
  return current === ALL_VALUE || (Array.isArray(current) && current[0] === ALL_VALUE);
}

/**
 * Builds a regex matcher that accepts exactly the given names. `$` is written as `[$]`, so the
 * query text contains no `$name`, `${name}` or `[[name]]` for Grafana's Loki and Prometheus data
 * sources to interpolate a second time.
 */
export function namespaceMatcher(label: string, namespaces: readonly string[]): LabelMatcher {
  const pattern = namespaces.map((name) => Array.from(name, (char) => (char === '$' ? '[$]' : escapeRegex(char))).join('')).join('|');
  return { label, operator: '=~', value: pattern };
}

/**
 * Builds the LogQL stages that keep only lines of the given namespaces. Returns undefined when
 * the schema reads the namespace in a way one stage cannot express, which is safe because the
 * findings are filtered again after the query.
 */
export function logNamespaceStages(schema: SourceSchema, namespaces: readonly string[]): string | undefined {
  const rule = schema.entities.namespace;
  if (!rule || rule.when || rule.paths.length !== 1) {
    return undefined;
  }
  const accessor = schema.resolve(rule.paths[0]);
  // A label filter stage, unlike a stream selector, goes through Loki's regex shortcut, which
  // turns an alternation into substring tests unless the pattern is anchored.
  const filter = (label: string) => {
    const matcher = namespaceMatcher(label, namespaces);
    return formatMatchers([{ ...matcher, value: lokiLabelPattern(matcher.value) }]);
  };
  if (accessor?.kind === 'streamLabel') {
    return `| ${filter(accessor.name)}`;
  }
  if (accessor?.kind === 'json') {
    const extraction = `${NAMESPACE_FILTER_LABEL}=${quoteString(formatPath(parsePath(accessor.path)))}`;
    return `| json ${extraction} | ${filter(NAMESPACE_FILTER_LABEL)}`;
  }
  return undefined;
}

/** Adds the namespace matcher to both configured series selectors of metric templates. */
export function metricSelectorsForNamespaces(selectors: MetricSelectors, namespaces: NamespaceFilter): MetricSelectors {
  if (!namespaces) {
    return selectors;
  }
  const matcher = namespaceMatcher('namespace', namespaces);
  return { cadvisor: [...selectors.cadvisor, matcher], kubeStateMetrics: [...selectors.kubeStateMetrics, matcher] };
}

export function inNamespaces(namespace: string, namespaces: NamespaceFilter): boolean {
  return !namespaces || namespaces.includes(namespace);
}
