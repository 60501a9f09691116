import { escapeRegex } from '../../../compiler/regex';

/**
 * Matches a capability name as a pod spec may write it. The API server accepts any string in
 * capabilities.add, and container runtimes upper-case a name and prefix CAP_ (CRI-O's
 * setupCapabilities does both), so "sys_admin", "SYS_ADMIN" and "CAP_SYS_ADMIN" grant the same
 * capability. Names in the list may be written with or without the CAP_ prefix.
 */
export function capabilityNamePattern(names: readonly string[]): string {
  if (names.length === 0) {
    throw new Error('A capability pattern needs at least one capability name.');
  }
  const bare = [...new Set(names.map((name) => name.replace(/^cap_/i, '')))];
  return `(?:${caseInsensitive('CAP_')})?(?:${bare.map(caseInsensitive).join('|')})`;
}

/** Spells a literal with a two-letter class per letter, because portable patterns have no (?i) flag. */
export function caseInsensitive(literal: string): string {
  return [...literal]
    .map((char) => {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      return lower !== upper && lower.length === 1 && upper.length === 1 ? `[${upper}${lower}]` : escapeRegex(char);
    })
    .join('');
}
