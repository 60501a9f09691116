import type { Condition } from '../detections/conditions';
import { joinPath } from '../detections/paths';
import { ELEMENT_SEPARATOR, FIELD_SEPARATOR, JoinableLeaf, elementPattern, groupAnyBranches, joinableLeaves, joinedPattern } from '../compiler/logql/elementJoin';
import { listContainsPattern } from '../compiler/logql/listPattern';
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

// Conditions are built once per detection and evaluated for every event, so what is derived from
// them is memoized by object identity.
const anyBranches = new WeakMap<readonly Condition[], ReturnType<typeof groupAnyBranches>>();
const elementLeaves = new WeakMap<Condition, JoinableLeaf[] | undefined>();
const joinedRegexes = new WeakMap<JoinableLeaf[], RegExp>();

function memoized<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (key: K) => V): V {
  if (cache.has(key)) {
    return cache.get(key) as V;
  }
  const value = build(key);
  cache.set(key, value);
  return value;
}

class Evaluator {
  constructor(
    private readonly read: FieldReader,
    private readonly maxElements: number
  ) {}

  /**
   * Tests a condition. `negated` tells whether an odd number of `not` encloses it, because the
   * compiler joins element values only outside a negation (see elementJoin.ts).
   */
  test(condition: Condition, element?: { array: string; index: number }, negated = false): boolean {
    const view = (field: string) => this.read(element ? joinPath(element.array, element.index, field) : field);
    switch (condition.op) {
      case 'all':
        return condition.of.every((child) => this.test(child, element, negated));
      case 'any':
        if (negated || element) {
          return condition.of.some((child) => this.test(child, element, negated));
        }
        return memoized(anyBranches, condition.of, groupAnyBranches).some((branch) =>
          branch.kind === 'single' ? this.test(branch.condition, element, negated) : this.joined(branch.arrays, branch.leaves)
        );
      case 'not':
        return !this.test(condition.of, element, !negated);
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
        return this.anyElement(condition, negated);
    }
  }

  private anyElement(condition: Extract<Condition, { op: 'anyElement' }>, negated: boolean): boolean {
    const where = condition.where;
    const leaves = negated ? undefined : memoized(elementLeaves, where, joinableLeaves);
    if (leaves) {
      return this.joined([condition], leaves);
    }
    for (let index = 0; index < this.maxElements; index++) {
      if (this.test(where, { array: condition.array, index }, negated)) {
        return true;
      }
    }
    return this.read(`${condition.array}[${this.maxElements}]`) !== '';
  }

  /** Tests array conditions that share a joinable element test the way compileJoined compiles them. */
  private joined(arrays: Array<Extract<Condition, { op: 'anyElement' }>>, leaves: JoinableLeaf[]): boolean {
    const values: string[] = [];
    for (const condition of arrays) {
      for (let index = 0; index < this.maxElements; index++) {
        values.push(leaves.map((leaf) => this.read(joinPath(condition.array, index, leaf.field))).join(FIELD_SEPARATOR));
      }
    }
    const pattern = memoized(joinedRegexes, leaves, (key) => cachedAnchored(joinedPattern(elementPattern(key))));
    if (pattern.test(values.join(ELEMENT_SEPARATOR))) {
      return true;
    }
    return arrays.some((condition) => this.read(`${condition.array}[${this.maxElements}]`) !== '');
  }
}
