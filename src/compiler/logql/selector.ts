import { quoteString } from '../quote';
import { assertRe2Pattern } from '../regex';

/** One matcher of a Loki stream selector or a Prometheus series selector. */
export interface LabelMatcher {
  label: string;
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(,|$)/;

/**
 * Parses a selector such as `{job="kubernetes-audit", cluster=~"prod-.*"}`. Only matchers are
 * accepted, so a configured selector can never carry a pipeline stage into a query.
 */
export function parseSelector(text: string, name = 'selector'): LabelMatcher[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    throw new Error(`Invalid ${name} ${JSON.stringify(text)}: write label matchers in braces, for example {job="kubernetes-audit"}.`);
  }
  let rest = trimmed.slice(1, -1);
  const matchers: LabelMatcher[] = [];
  while (rest.trim().length > 0) {
    const match = MATCHER.exec(rest);
    if (!match) {
      throw new Error(`Invalid ${name} ${JSON.stringify(text)}: cannot read a matcher at ${JSON.stringify(rest.trim())}; use label="value", label!="value", label=~"regex" or label!~"regex".`);
    }
    const [whole, label, operator, literal] = match;
    matchers.push({ label, operator: operator as LabelMatcher['operator'], value: unquote(literal, text, name) });
    rest = rest.slice(whole.length);
  }
  return matchers;
}

function unquote(literal: string, text: string, name: string): string {
  if (literal.startsWith('`')) {
    return literal.slice(1, -1);
  }
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new Error(`Invalid ${name} ${JSON.stringify(text)}: the value ${literal} has an escape that is not supported; use \\" and \\\\ only.`);
  }
}

/** Checks the rule Loki applies to stream selectors: one matcher must reject the empty string. */
export function assertStreamSelector(matchers: LabelMatcher[], name: string): void {
  for (const matcher of matchers) {
    if (!LABEL_NAME.test(matcher.label)) {
      throw new Error(`Invalid ${name}: ${JSON.stringify(matcher.label)} is not a label name.`);
    }
    if (matcher.operator === '=~' || matcher.operator === '!~') {
      assertRe2Pattern(matcher.value, `${name} ${formatSelector(matchers)}`);
    }
  }
  const selective = matchers.some((matcher) => {
    if (matcher.operator === '=') {
      return matcher.value !== '';
    }
    if (matcher.operator === '=~') {
      try {
        return !new RegExp(`^(?:${matcher.value})$`).test('');
      } catch {
        // RE2 syntax that JavaScript cannot read: leave the check to Loki.
        return true;
      }
    }
    return false;
  });
  if (!selective) {
    throw new Error(`Invalid ${name} ${formatSelector(matchers)}: Loki needs at least one matcher that does not match the empty value, for example {job="kubernetes-audit"}.`);
  }
}

/** Formats matchers as `{a="b", c=~"d"}`, quoting every value. */
export function formatSelector(matchers: LabelMatcher[]): string {
  return `{${formatMatchers(matchers)}}`;
}

/** Formats matchers without braces, for splicing into a PromQL series selector. */
export function formatMatchers(matchers: LabelMatcher[]): string {
  return matchers.map((matcher) => `${matcher.label}${matcher.operator}${quoteString(matcher.value)}`).join(', ');
}
