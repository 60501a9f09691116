import { escapeRegex } from '../../../compiler/regex';

/**
 * Matches a capability name as a pod spec may write it. The API server accepts any string in
 * capabilities.add, and container runtimes upper-case a name and prefix CAP_ (containerd's CRI
 * plugin builds "CAP_" + strings.ToUpper(name), and CRI-O's setupCapabilities does both), so
 * "sys_admin", "SYS_ADMIN" and "CAP_SYS_ADMIN" grant the same capability. Names in the list may
 * be written with or without the CAP_ prefix.
 */
export function capabilityNamePattern(names: readonly string[]): string {
  if (names.length === 0) {
    throw new Error('A capability pattern needs at least one capability name.');
  }
  const bare = [...new Set(names.map((name) => name.replace(/^cap_/i, '')))];
  return `(?:${caseInsensitive('CAP_')})?(?:${bare.map(caseInsensitive).join('|')})`;
}

/**
 * Code points other than the two ASCII cases that Go's unicode.ToUpper maps onto an ASCII
 * letter, found by mapping every code point with Go 1.26 (Unicode 15.0.0): only U+0131 (ı)
 * becomes I and U+017F (ſ) becomes S. So strings.ToUpper turns "ſys_admın" into SYS_ADMIN. The
 * Kelvin sign U+212A is already upper case and stays as it is, so a name spelled with it names no
 * capability once upper-cased, and the runtime ignores or rejects it. Letters such as Å map to
 * other non-ASCII letters and spell no capability either.
 */
const GO_UPPER_CASE_ALIASES: Readonly<Record<string, string>> = { I: 'ı', S: 'ſ' };

/**
 * Spells a literal with a class per ASCII letter that contains every character strings.ToUpper maps
 * onto that letter, because portable patterns have no (?i) flag and (?i) would also fold in
 * characters that ToUpper keeps, such as the Kelvin sign.
 */
export function caseInsensitive(literal: string): string {
  return [...literal]
    .map((char) => {
      if (!/^[A-Za-z]$/.test(char)) {
        return escapeRegex(char);
      }
      const upper = char.toUpperCase();
      return `[${upper}${upper.toLowerCase()}${GO_UPPER_CASE_ALIASES[upper] ?? ''}]`;
    })
    .join('');
}
