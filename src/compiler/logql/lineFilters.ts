import type { Condition } from '../../detections/conditions';
import { parsePath } from '../../detections/paths';
import type { SourceSchema } from '../../detections/schemas';
import { ANY_TEXT, JSON_SPACE, anchored, escapeRegex, literalAlternation, unanchored } from '../regex';

/**
 * A line filter that every line satisfying the condition also satisfies. Line filters run before
 * `| json` and are far cheaper, so they cut the lines Loki has to parse. They never change the
 * result, because each one is implied by the condition; the in-process matcher applies the same
 * filters, so the two agree even where that reasoning has a gap.
 */
export type LineFilter = ({ kind: 'contains'; text: string } | { kind: 'regex'; pattern: string }) & {
  /** Also passes every line with a `\u` or `\/` escape (see toleratingEscapes). */
  orEscaped?: boolean;
};

const MAX_LINE_FILTERS = 3;

/** Text that JSON can also write unquoted, as a number, boolean or null. */
const SCALAR_TEXT = /^(?:true|false|null|-?[0-9][0-9.eE+-]*)$/;

/** Whether a string appears verbatim inside the JSON text that Go's encoder writes for it. */
function encodesVerbatim(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && !/["\\<>&]/.test(value);
}

function lastKey(field: string): string | undefined {
  const segments = parsePath(field);
  const last = segments[segments.length - 1];
  return typeof last === 'string' && encodesVerbatim(last) ? last : undefined;
}

function asRegex(filter: LineFilter): string {
  return filter.kind === 'contains' ? escapeRegex(filter.text) : filter.pattern;
}

function keyValue(key: string, valuePattern: string): LineFilter {
  return { kind: 'regex', pattern: `"${escapeRegex(key)}"${JSON_SPACE}:${JSON_SPACE}${valuePattern}` };
}

function leafFilters(condition: Condition): LineFilter[] {
  if (!('field' in condition)) {
    return [];
  }
  const key = lastKey(condition.field);
  if (!key) {
    return [];
  }
  switch (condition.op) {
    case 'equals':
    case 'oneOf': {
      const values = condition.op === 'equals' ? [String(condition.value)] : condition.values;
      if (values.includes('')) {
        // An empty value also matches a missing field, so nothing about the line is implied.
        return [];
      }
      if (!values.every(encodesVerbatim)) {
        return [{ kind: 'contains', text: `"${key}"` }];
      }
      const alternation = values.length === 1 ? escapeRegex(values[0]) : `(?:${literalAlternation(values)})`;
      // Loki extracts `true`, `101` and their quoted forms alike, so such values may be unquoted.
      if (values.some((value) => SCALAR_TEXT.test(value))) {
        return [keyValue(key, `"?${alternation}`)];
      }
      return [keyValue(key, `"${alternation}"`)];
    }
    case 'listContains':
      if (condition.values.every(encodesVerbatim)) {
        return [{ kind: 'contains', text: `"${key}"` }, { kind: 'regex', pattern: `"(?:${literalAlternation(condition.values)})"` }];
      }
      return [{ kind: 'contains', text: `"${key}"` }];
    case 'regex': {
      // A pattern that accepts "" also accepts a missing field.
      if (anchored(condition.pattern).test('')) {
        return [];
      }
      const starts = literalStarts(condition.pattern);
      if (starts) {
        return [keyValue(key, `"(?:${starts.map(({ text, prefix }) => `${escapeRegex(text)}${prefix ? '' : '"'}`).join('|')})`)];
      }
      const name = leadingQuotedName(condition.pattern);
      // The quote before the name, also there when a decoded string wrote it as \", keeps a
      // common first character for RE2's prefix scan when this filter joins an alternation.
      return name ? [{ kind: 'contains', text: `"${name}` }, { kind: 'contains', text: `"${key}"` }] : [{ kind: 'contains', text: `"${key}"` }];
    }
    default:
      return [{ kind: 'contains', text: `"${key}"` }];
  }
}

/**
 * Reads a pattern made of alternatives that are each a literal, or a literal then ANY_TEXT, as
 * tuning lists compile (see listPattern in catalog/audit/lists.ts). Returns undefined for any
 * other pattern, and for literals that JSON does not write verbatim or that could start a
 * number, boolean or null, which Loki also reads unquoted.
 */
function literalStarts(pattern: string): Array<{ text: string; prefix: boolean }> | undefined {
  if (pattern.endsWith('|') || pattern.startsWith('|') || pattern.includes('||')) {
    return undefined;
  }
  const starts: Array<{ text: string; prefix: boolean }> = [];
  for (const alternative of pattern.split('|')) {
    const prefix = alternative.endsWith(ANY_TEXT);
    const body = prefix ? alternative.slice(0, -ANY_TEXT.length) : alternative;
    if (!/^(?:[^\\^$.|?*+()[\]{}]|\\[\\^$.|?*+()[\]{}]|\[\$\])+$/.test(body)) {
      return undefined;
    }
    const text = body.replace(/\[\$\]/g, '$').replace(/\\(.)/g, '$1');
    const scalarStart = prefix ? /^-?[0-9]/.test(text) || ['true', 'false', 'null'].some((word) => word.startsWith(text)) : SCALAR_TEXT.test(text);
    if (!encodesVerbatim(text) || text === '' || scalarStart) {
      return undefined;
    }
    starts.push({ text, prefix });
  }
  return starts;
}

/**
 * Returns NAME when every match of the pattern contains `"NAME`: the pattern is ANY_TEXT, then a
 * quote and at least three letters, digits or "_" that no quantifier follows, with no top-level
 * alternation. The field then contains `"NAME`, and so does the line: as written in an object's
 * raw text, or, in a decoded string or array, as written, as `\"NAME`, or with a `\u` escape,
 * which toleratingEscapes lets through.
 */
function leadingQuotedName(pattern: string): string | undefined {
  const match = /^\[\\s\\S\]\*"([A-Za-z0-9_]+)/.exec(pattern);
  if (!match || hasTopLevelAlternation(pattern)) {
    return undefined;
  }
  // A quantifier after the run applies to its last character only.
  const quantified = /^[?*+{]/.test(pattern.slice(match[0].length));
  const name = quantified ? match[1].slice(0, -1) : match[1];
  return name.length >= 3 ? name : undefined;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
    } else if (char === '[') {
      // RE2 reads a `]` right after `[` or `[^` as a literal.
      index += pattern[index + 1] === '^' ? 2 : 1;
      if (pattern[index] === ']') {
        index++;
      }
      while (index < pattern.length && pattern[index] !== ']') {
        index += pattern[index] === '\\' ? 2 : 1;
      }
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

function necessary(condition: Condition, schema: SourceSchema, inElement: boolean): LineFilter[] {
  switch (condition.op) {
    case 'all':
      return condition.of.flatMap((child) => necessary(child, schema, inElement));
    case 'any': {
      const branches = condition.of.map((child) => necessary(child, schema, inElement));
      if (branches.some((branch) => branch.length === 0)) {
        return [];
      }
      const alternatives = [...new Set(branches.map((branch) => asRegex(branch[0])))];
      if (alternatives.length === 1) {
        return [branches[0][0]];
      }
      return [{ kind: 'regex', pattern: alternatives.map((alternative) => `(?:${alternative})`).join('|') }];
    }
    case 'not':
      return [];
    case 'anyElement':
      return necessary(condition.where, schema, true);
    default: {
      // Element fields are JSON by construction; top-level fields may be labels or the line.
      const accessor = inElement ? { kind: 'json' } : schema.resolve(condition.field);
      if (accessor?.kind === 'line') {
        return lineLeafFilters(condition);
      }
      return accessor?.kind === 'json' ? leafFilters(condition) : [];
    }
  }
}

/**
 * Derives the filter of a regex on the whole line that reads "the line contains X", written as
 * ANY_TEXT, X, ANY_TEXT: the fully anchored regex can only match a line in which the unanchored
 * X matches. The line is tested as stored, so escapes need no allowance.
 */
function lineLeafFilters(condition: Condition): LineFilter[] {
  if (condition.op !== 'regex') {
    return [];
  }
  const { pattern } = condition;
  const inner = pattern.slice(ANY_TEXT.length, pattern.length - ANY_TEXT.length);
  const escapedEnd = /(?:^|[^\\])\\(?:\\\\)*$/.test(inner);
  if (pattern.length <= 2 * ANY_TEXT.length || !pattern.startsWith(ANY_TEXT) || !pattern.endsWith(ANY_TEXT) || escapedEnd) {
    return [];
  }
  try {
    new RegExp(inner);
  } catch {
    return [];
  }
  const filter: LineFilter = { kind: 'regex', pattern: `(?:${inner})` };
  rawLineFilters.add(filter);
  return [filter];
}

/** Filters on the line as stored, which toleratingEscapes leaves as they are. */
const rawLineFilters = new WeakSet<LineFilter>();

/** Derives up to three line filters implied by the condition, specific ones first. */
export function deriveLineFilters(condition: Condition, schema: SourceSchema): LineFilter[] {
  const seen = new Set<string>();
  const unique = necessary(condition, schema, false).filter((filter) => {
    const key = `${filter.kind}:${asRegex(filter)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
  const keyOnly = (filter: LineFilter) => filter.kind === 'contains';
  const ordered = [...unique.filter((filter) => !keyOnly(filter)), ...unique.filter(keyOnly)];
  return ordered.slice(0, MAX_LINE_FILTERS).map((filter) => (rawLineFilters.has(filter) ? filter : toleratingEscapes(filter)));
}

/**
 * Lets a filter pass every line that contains a `\u` or `\/` escape. `| json` decodes escaped
 * keys and values, so `"privil\u0065ged":true` is read as privileged, but a filter on the raw text
 * would drop the line first. Other escapes cannot spell a letter, digit or slash of a token.
 * The escape test stays a separate branch (LogQL `|~ "a" or "b"`): folded into one regex, it
 * hid the filter's literal prefix from RE2 and made every audit query about 14 times slower in
 * Loki 3.7.6 (exec-attach over 100,000 events: 2.3 s against 0.16 s).
 */
function toleratingEscapes(filter: LineFilter): LineFilter {
  return { ...filter, orEscaped: true };
}

/** The escapes that can spell a letter, digit or slash of a token, as a regex over the raw line. */
export const TOKEN_ESCAPE = '\\\\[u/]';

/** Tests a raw line against line filters, exactly as Loki's `|=` and `|~` would. */
export function lineMatches(line: string, filters: LineFilter[], compiled = compileLineFilters(filters)): boolean {
  return compiled.every((test) => test(line));
}

const ESCAPED = unanchored(TOKEN_ESCAPE);
let lastLine: string | undefined;
let lastLineEscaped = false;

/**
 * Tells whether a line has an escape that the escape allowance lets through. Every detection
 * tests the same line in turn, so the result for the last line is kept.
 */
function hasTokenEscape(line: string): boolean {
  if (line !== lastLine) {
    lastLine = line;
    lastLineEscaped = ESCAPED.test(line);
  }
  return lastLineEscaped;
}

export function compileLineFilters(filters: LineFilter[]): Array<(line: string) => boolean> {
  return filters.map((filter) => {
    let test: (line: string) => boolean;
    if (filter.kind === 'contains') {
      test = (line) => line.includes(filter.text);
    } else {
      const pattern = unanchored(filter.pattern);
      test = (line) => pattern.test(line);
    }
    return filter.orEscaped ? (line: string) => test(line) || hasTokenEscape(line) : test;
  });
}
