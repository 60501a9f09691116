/**
 * Structured predicates over event fields. One condition compiles to a LogQL pipeline and
 * evaluates in process with the same result, because both read a field as the string that
 * Loki's `| json` stage would extract (see matcher/views.ts).
 */
export type Condition =
  | { op: 'all'; of: Condition[] }
  | { op: 'any'; of: Condition[] }
  | { op: 'not'; of: Condition }
  | { op: 'equals'; field: string; value: string | number | boolean }
  | { op: 'oneOf'; field: string; values: string[] }
  | { op: 'regex'; field: string; pattern: string }
  | { op: 'exists'; field: string }
  | { op: 'compare'; field: string; comparator: Comparator; value: number }
  | { op: 'listContains'; field: string; values: string[] }
  | { op: 'anyElement'; array: string; alias: string; where: Condition };

/**
 * The field name that reads the whole stored line instead of a JSON path, for tests on the raw
 * text of an event, such as escapes that `| json` decodes. It compiles to a label that
 * `label_format` fills with the line, so a JSON key of this name cannot be read as a field.
 */
export const LINE_FIELD = '__line__';

/** Integer comparison; a value that is not a non-negative base-10 integer never matches. */
export type Comparator = 'gt' | 'gte' | 'lt' | 'lte';

export const all = (...of: Condition[]): Condition => ({ op: 'all', of });
export const any = (...of: Condition[]): Condition => ({ op: 'any', of });
export const not = (of: Condition): Condition => ({ op: 'not', of });
export const equals = (field: string, value: string | number | boolean): Condition => ({ op: 'equals', field, value });
export const oneOf = (field: string, values: readonly string[]): Condition => ({ op: 'oneOf', field, values: [...values] });

/** A fully anchored RE2 pattern, restricted to the syntax where JavaScript and RE2 agree. */
export const regex = (field: string, pattern: string): Condition => ({ op: 'regex', field, pattern });
export const exists = (field: string): Condition => ({ op: 'exists', field });
export const gt = (field: string, value: number): Condition => ({ op: 'compare', field, comparator: 'gt', value });
export const gte = (field: string, value: number): Condition => ({ op: 'compare', field, comparator: 'gte', value });
export const lt = (field: string, value: number): Condition => ({ op: 'compare', field, comparator: 'lt', value });
export const lte = (field: string, value: number): Condition => ({ op: 'compare', field, comparator: 'lte', value });

/** True when an array of strings at `field` has an element equal to one of `values`. */
export const listContains = (field: string, values: readonly string[]): Condition => ({
  op: 'listContains',
  field,
  values: [...values],
});

/**
 * True when some element of the array at `array` satisfies `where`, whose fields are relative
 * to the element. `alias` names the element in compiled label names, so keep it short.
 */
export const anyElement = (array: string, alias: string, where: Condition): Condition => ({
  op: 'anyElement',
  array,
  alias,
  where,
});

/** Lists every field path a condition reads, with element paths still relative. */
export function conditionFields(condition: Condition): string[] {
  switch (condition.op) {
    case 'all':
    case 'any':
      return condition.of.flatMap(conditionFields);
    case 'not':
      return conditionFields(condition.of);
    case 'anyElement':
      return [condition.array];
    default:
      return [condition.field];
  }
}
