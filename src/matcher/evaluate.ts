import type { Condition } from '../detections/conditions';
import { joinPath } from '../detections/paths';
import { listContainsPattern } from '../compiler/logql/filter';
import { anchored, integerComparisonPattern } from '../compiler/regex';
import { fieldView } from './views';

/** Returns the Loki view of a field path of one event. */
export type FieldReader = (path: string) => string;

/**
 * Evaluates a condition on a parsed event with the semantics of the compiled LogQL label
 * filter: every field is compared as its Loki view, regexes are fully anchored, and an array
 * longer than `maxElements` matches, as the compiled query fails closed on it. `read` gives the
 * views; by default they are read from the parsed event.
 */
export function evaluate(condition: Condition, event: unknown, maxElements: number, read: FieldReader = (path) => fieldView(event, path)): boolean {
  return new Evaluator(read, maxElements).test(condition);
}

const regexCache = new Map<string, RegExp>();

function cachedAnchored(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    compiled = anchored(pattern);
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

class Evaluator {
  constructor(
    private readonly read: FieldReader,
    private readonly maxElements: number
  ) {}

  test(condition: Condition, element?: { array: string; index: number }): boolean {
    const view = (field: string) => this.read(element ? joinPath(element.array, element.index, field) : field);
    switch (condition.op) {
      case 'all':
        return condition.of.every((child) => this.test(child, element));
      case 'any':
        return condition.of.some((child) => this.test(child, element));
      case 'not':
        return !this.test(condition.of, element);
      case 'equals':
        return view(condition.field) === String(condition.value);
      case 'oneOf':
        return condition.values.includes(view(condition.field));
      case 'regex':
        return cachedAnchored(condition.pattern).test(view(condition.field));
      case 'exists':
        return view(condition.field) !== '';
      case 'compare':
        return cachedAnchored(integerComparisonPattern(condition.comparator, condition.value)).test(view(condition.field));
      case 'listContains':
        return cachedAnchored(listContainsPattern(condition.values)).test(view(condition.field));
      case 'anyElement':
        for (let index = 0; index < this.maxElements; index++) {
          if (this.test(condition.where, { array: condition.array, index })) {
            return true;
          }
        }
        return this.read(`${condition.array}[${this.maxElements}]`) !== '';
    }
  }
}

