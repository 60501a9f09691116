/**
 * Quotes a value as a LogQL or PromQL double-quoted string. Both languages unquote with Go's
 * strconv rules, which accept every escape that JSON.stringify emits, so a value can never end
 * the literal early or add syntax.
 */
export function quoteString(value: string): string {
  if (!isWellFormed(value)) {
    throw new Error(`Invalid value ${JSON.stringify(value)}: it contains a lone UTF-16 surrogate, which LogQL and PromQL cannot represent. Remove that character.`);
  }
  return JSON.stringify(value);
}

function isWellFormed(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        return false;
      }
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}
