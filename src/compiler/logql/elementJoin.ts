import type { Condition } from '../../detections/conditions';
import { escapeRegex, integerComparisonPattern } from '../regex';
import { listContainsPattern } from './listPattern';

/**
 * An array condition whose element test reads one field can run as one regex over the values of
 * that field in every inspected element, joined by a separator, instead of one label filter per
 * element. That keeps a query over ten containers in seven container lists from repeating a long
 * pattern seventy times. The in-process matcher joins the same values and applies the same regex.
 * An element test of several such tests on different fields that must all hold, such as the op
 * and path of a JSON patch operation, runs the same way on each element's values joined by a
 * second separator (a tuple).
 *
 * Every element that satisfies the test makes the joined text match. The reverse can fail: a
 * crafted value that contains a separator, or a pattern that can match one, such as `.*` in a
 * path test, can make the joined text match across two fields or elements. So joining only adds
 * matches, and it is used only where the condition is not negated, where an added match is a
 * finding and never a missed one.
 */
export const ELEMENT_SEPARATOR = '\u001f';

/** Separates the values of the fields of one element in a tuple. */
export const FIELD_SEPARATOR = '\u001e';

const SEPARATOR_PATTERN = '\\x1f';

const FIELD_SEPARATOR_PATTERN = '\\x1e';

export type JoinableLeaf = Extract<Condition, { op: 'equals' | 'oneOf' | 'regex' | 'compare' | 'listContains' }>;

/** Tells whether an element condition is a single test of one field that can run on joined values. */
export function isJoinableLeaf(condition: Condition): condition is JoinableLeaf {
  return ['equals', 'oneOf', 'regex', 'compare', 'listContains'].includes(condition.op);
}

/** Builds the fully anchored pattern that the leaf applies to one element's view. */
export function leafPattern(leaf: JoinableLeaf): string {
  switch (leaf.op) {
    case 'equals':
      return escapeRegex(String(leaf.value));
    case 'oneOf':
      return leaf.values.map(escapeRegex).join('|');
    case 'regex':
      return leaf.pattern;
    case 'compare':
      return integerComparisonPattern(leaf.comparator, leaf.value);
    case 'listContains':
      return listContainsPattern(leaf.values);
  }
}

/** Builds the fully anchored pattern that matches joined values when one of them matches `element`. */
export function joinedPattern(element: string): string {
  return `(?:[\\s\\S]*${SEPARATOR_PATTERN})?(?:${element})(?:${SEPARATOR_PATTERN}[\\s\\S]*)?`;
}

/**
 * Returns the tests of an element condition that can run on joined values, in order: one leaf,
 * or the leaves of an `all`, nested ones included, when they read different fields. Returns
 * undefined for any other condition.
 */
export function joinableLeaves(condition: Condition): JoinableLeaf[] | undefined {
  if (isJoinableLeaf(condition)) {
    return [condition];
  }
  if (condition.op !== 'all') {
    return undefined;
  }
  const leaves: JoinableLeaf[] = [];
  for (const child of condition.of) {
    const nested = joinableLeaves(child);
    if (!nested) {
      return undefined;
    }
    leaves.push(...nested);
  }
  const fields = new Set(leaves.map((leaf) => leaf.field));
  return leaves.length >= 2 && fields.size === leaves.length ? leaves : undefined;
}

/** Builds the fully anchored pattern of one element: a leaf's pattern, or the leaves' patterns joined by FIELD_SEPARATOR. */
export function elementPattern(leaves: readonly JoinableLeaf[]): string {
  return leaves.length === 1 ? leafPattern(leaves[0]) : leaves.map((leaf) => `(?:${leafPattern(leaf)})`).join(FIELD_SEPARATOR_PATTERN);
}

type AnyElement = Extract<Condition, { op: 'anyElement' }>;

/** A branch of an `any`: either one condition, or array conditions that share one joinable element test. */
export type AnyBranch = { kind: 'single'; condition: Condition } | { kind: 'joined'; arrays: AnyElement[]; leaves: JoinableLeaf[] };

/**
 * Groups the branches of an `any` outside a negation: array conditions with the same joinable
 * element test (such as one test over the containers, init containers and ephemeral containers
 * of every pod spec) become one group, tested as one regex over all their element values.
 * Other branches stay as they are, in order.
 */
export function groupAnyBranches(children: readonly Condition[]): AnyBranch[] {
  const branches: AnyBranch[] = [];
  const groups = new Map<string, Extract<AnyBranch, { kind: 'joined' }>>();
  for (const child of children) {
    const leaves = child.op === 'anyElement' ? joinableLeaves(child.where) : undefined;
    if (child.op === 'anyElement' && leaves) {
      const key = JSON.stringify(leaves);
      const group = groups.get(key);
      if (group) {
        group.arrays.push(child);
        continue;
      }
      const created: Extract<AnyBranch, { kind: 'joined' }> = { kind: 'joined', arrays: [child], leaves };
      groups.set(key, created);
      branches.push(created);
    } else {
      branches.push({ kind: 'single', condition: child });
    }
  }
  return branches;
}
