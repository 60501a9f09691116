import { ANY_TEXT, JSON_SPACE, escapeRegex } from '../../../compiler/regex';
import { Condition, not, regex } from '../../conditions';
import type { TuningValues } from '../../model';

/**
 * Tuning lists of the audit detections. Every entry matches a value exactly, except that an
 * entry ending in "*" matches every value that starts with the rest of the entry, so
 * "system:serviceaccount:ci:*" covers every service account of the ci namespace. A "*"
 * anywhere else is an ordinary character.
 */
export function listPattern(entries: readonly string[]): string {
  if (entries.length === 0) {
    throw new Error('A tuning list pattern needs at least one entry.');
  }
  return entries.map(entryPattern).join('|');
}

function entryPattern(entry: string): string {
  return entry.endsWith('*') ? `${escapeRegex(entry.slice(0, -1))}${ANY_TEXT}` : escapeRegex(entry);
}

/** True when the field matches an entry of the list, which must not be empty. */
export function listed(field: string, entries: readonly string[]): Condition {
  return regex(field, listPattern(entries));
}

/** Builds the exclusion "the field matches no entry", or none when the list is empty. */
export function unlisted(field: string, entries: readonly string[]): Condition[] {
  return entries.length === 0 ? [] : [not(listed(field, entries))];
}

/**
 * True when an array of strings at `field` has an element that matches an entry of the list.
 * It reads Loki's text of the array, as listContains does, so an element starts after "[" or ",".
 */
export function listedElement(field: string, entries: readonly string[]): Condition {
  return regex(field, `${ANY_TEXT}[\\[,]${JSON_SPACE}"(?:${listPattern(entries)})"${JSON_SPACE}[,\\]]${ANY_TEXT}`);
}

/** Reads a list parameter; resolveTuning has already checked its type. */
export function listParameter(tuning: TuningValues, name: string): readonly string[] {
  const value = tuning[name];
  if (!Array.isArray(value)) {
    throw new Error(`Tuning parameter ${name} must be a list of strings, got ${JSON.stringify(value)}.`);
  }
  return value;
}
