/**
 * Writes the pattern of a LogQL label matcher (`=~`, `!~`) so that Loki applies it with RE2's
 * meaning, fully anchored, as the in-process matcher does.
 *
 * Loki 3.7.6 first tries to replace a label regex by string comparisons (pkg/logql/log/filter.go,
 * RegexSimplifier), and that replacement changes the result.
 * - a literal after a common prefix becomes a substring test: `kube-system|kube-public` (parsed as
 *   `kube-(?:system|public)`) matches "my-kube-system", and `.*-proxy` matches "kube-proxy-0".
 * - an empty or `.*` alternative is dropped, because newOrFilter treats a filter that accepts
 *   everything as no filter: `|exec` never matches "".
 * - `.*` and `.+` stop excluding newlines.
 * A pattern that starts with `^` is never simplified and runs as the regex `^(?:…)$`, so every
 * pattern except a plain literal, which Loki compares for equality, gets that anchor.
 *
 * The class `[\s\S]` (ANY_TEXT) is also rewritten to `(?s:.)`, which means the same in RE2.
 * Loki prints each regex it parses, and printing a class that spans all of Unicode walks every
 * case-folding rune: about 50 ms per class per query, measured with Loki 3.7.6 on 2 cores.
 * JavaScript before ES2025 has no `(?s:)` group, so patterns keep `[\s\S]` everywhere else.
 */
export function lokiLabelPattern(pattern: string): string {
  if (pattern !== '' && !/[\\^$.|?*+()[\]{}]/.test(pattern)) {
    return pattern;
  }
  return `^(?:${rewriteAnyText(pattern)})`;
}

/** Replaces each character class that is exactly `[\s\S]` by `(?s:.)`. Escapes and other classes stay as written. */
function rewriteAnyText(pattern: string): string {
  let output = '';
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') {
      output += pattern.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char !== '[') {
      output += char;
      index++;
      continue;
    }
    const end = classEnd(pattern, index);
    const text = pattern.slice(index, end);
    output += text === '[\\s\\S]' ? '(?s:.)' : text;
    index = end;
  }
  return output;
}

/** Finds the index after the `]` that closes the class opening at `start`. RE2 reads a `]` right after `[` or `[^` as a literal. */
function classEnd(pattern: string, start: number): number {
  let index = start + 1;
  if (pattern[index] === '^') {
    index++;
  }
  if (pattern[index] === ']') {
    index++;
  }
  while (index < pattern.length && pattern[index] !== ']') {
    index += pattern[index] === '\\' ? 2 : 1;
  }
  return Math.min(index + 1, pattern.length);
}
