import type { Comparator } from '../detections/conditions';

/**
 * Regular expressions that this package generates or accepts must mean the same in RE2 (Loki,
 * Prometheus) and in JavaScript (the in-process matcher). These helpers emit only syntax where
 * the two engines agree.
 */

const META = /[\\^$.|?*+()[\]{}]/g;

/**
 * Escapes a literal so that it matches only itself in RE2 and in JavaScript. `$` becomes `[$]`
 * rather than `\\$`, because Grafana's data sources replace `$name` template variables in a
 * query's text, and `\\$name` still contains one.
 */
export function escapeRegex(literal: string): string {
  return literal.replace(META, (char) => (char === '$' ? '[$]' : `\\${char}`));
}

/** Builds an alternation that matches exactly one of the literals. */
export function literalAlternation(literals: readonly string[]): string {
  if (literals.length === 0) {
    throw new Error('An alternation needs at least one value.');
  }
  return literals.map(escapeRegex).join('|');
}

/** JSON whitespace, spelled out because `\s` differs between RE2 and JavaScript. */
export const JSON_SPACE = '[ \\t\\n\\r]*';

/** Any text, newlines included; `.` stops at a newline in both engines. */
export const ANY_TEXT = '[\\s\\S]*';

const UNSUPPORTED_SYNTAX: Array<[RegExp, string]> = [
  [/\(\?/, 'groups with "(?" (flags, named groups, lookaround)'],
  [/\\[1-9]/, 'back references'],
  [/\\[sSpPkKQEzAC]/, 'the escapes \\s, \\S, \\p, \\P, \\Q, \\E, \\z, \\A and \\C, which differ between RE2 and JavaScript'],
  [/\[\[:/, 'POSIX classes such as [[:alpha:]]'],
];

/** Throws when a pattern uses syntax whose meaning differs between RE2 and JavaScript. */
export function assertPortableRegex(pattern: string, where: string): void {
  for (const [syntax, name] of UNSUPPORTED_SYNTAX) {
    if (syntax.test(pattern)) {
      throw new Error(`${where}: the pattern ${JSON.stringify(pattern)} uses ${name}. Rewrite it with plain classes such as [0-9] or [ \\t].`);
    }
  }
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new Error(`${where}: the pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}).`);
  }
}

/**
 * Rewrites a portable pattern for JavaScript's engine. In RE2 `.` excludes only a newline, while
 * in JavaScript it also excludes \r, U+2028 and U+2029, so each `.` outside a character class
 * becomes the class RE2 means.
 */
export function toJavaScriptPattern(pattern: string): string {
  let output = '';
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      output += pattern.slice(index, index + 2);
      index++;
    } else if (inClass) {
      inClass = char !== ']';
      output += char;
    } else if (char === '[') {
      inClass = true;
      output += char;
      if (pattern[index + 1] === '^') {
        output += '^';
        index++;
      }
      // RE2 reads a `]` right after `[` or `[^` as a literal; JavaScript reads it as the end of an empty class.
      if (pattern[index + 1] === ']') {
        output += '\\]';
        index++;
      }
    } else {
      output += char === '.' ? '[^\\n]' : char;
    }
  }
  return output;
}

const NOT_RE2: Array<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'lookaround, which RE2 does not support'],
  [/\(\?>/, 'atomic groups, which RE2 does not support'],
  [/\\[1-9]|\\k</, 'back references, which RE2 does not support'],
];

/**
 * Checks a user's RE2 pattern (a selector or matcher value that Loki or Prometheus will compile)
 * before it is saved: syntax RE2 rejects, and syntax errors JavaScript also sees, such as an
 * unclosed group. RE2-only syntax (flags, named groups, POSIX classes) is accepted.
 */
export function assertRe2Pattern(pattern: string, where: string): void {
  for (const [syntax, name] of NOT_RE2) {
    if (syntax.test(pattern)) {
      throw new Error(`Invalid ${where}: the pattern ${JSON.stringify(pattern)} uses ${name}. Rewrite it without them.`);
    }
  }
  const javascript = pattern
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:')
    .replace(/\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/g, '(')
    .replace(/\[:\^?[a-z]+:\]/g, 'a');
  try {
    new RegExp(javascript);
  } catch (error) {
    throw new Error(`Invalid ${where}: the pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}).`);
  }
}

/** Compiles a portable pattern as a fully anchored JavaScript regex, the way Loki anchors label matchers. */
export function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${toJavaScriptPattern(pattern)})$`);
}

/** Compiles a portable pattern as an unanchored JavaScript regex, the way Loki applies line filters. */
export function unanchored(pattern: string): RegExp {
  return new RegExp(toJavaScriptPattern(pattern));
}

function digitRange(low: number, high: number): string {
  if (low === high) {
    return String(low);
  }
  return `[${low}-${high}]`;
}

function anyDigits(count: number): string {
  if (count === 0) {
    return '';
  }
  return count === 1 ? '[0-9]' : `[0-9]{${count}}`;
}

/** Digit strings of the same length as `digits` that are greater (or less) than it. */
function sameLength(digits: string, greater: boolean): string[] {
  const alternatives: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    const floor = i === 0 ? 1 : 0;
    const low = greater ? digit + 1 : floor;
    const high = greater ? 9 : digit - 1;
    if (low <= high) {
      alternatives.push(digits.slice(0, i) + digitRange(low, high) + anyDigits(digits.length - i - 1));
    }
  }
  return alternatives;
}

/**
 * Builds a pattern that, fully anchored, matches the non-negative base-10 integers (leading
 * zeros allowed) that satisfy `value <comparator> threshold`. LogQL's numeric label filters set
 * `__error__` on values that are not numbers, which would drop a line that another branch of an
 * `or` accepted; a regex has no such side effect.
 */
export function integerComparisonPattern(comparator: Comparator, threshold: number): string {
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new Error(`Invalid threshold ${threshold}: comparisons take a non-negative integer.`);
  }
  if (comparator === 'lt' && threshold === 0) {
    throw new Error('Invalid comparison "< 0": no non-negative integer is below 0, so the condition could never match.');
  }
  const digits = String(threshold);
  const length = digits.length;
  if (comparator === 'gt' || comparator === 'gte') {
    const alternatives = [`[1-9][0-9]{${length},}`, ...sameLength(digits, true)];
    if (comparator === 'gte') {
      alternatives.push(digits);
    }
    return `0*(?:${alternatives.join('|')})`;
  }
  const shorter = length >= 2 ? [`[1-9][0-9]{0,${length - 2}}`] : [];
  const alternatives = [...shorter, ...sameLength(digits, false)];
  if (comparator === 'lte') {
    alternatives.push(digits);
  }
  const nonZero = alternatives.filter((alternative) => alternative !== '0');
  return nonZero.length > 0 ? `0+|0*(?:${nonZero.join('|')})` : '0+';
}
