import type { Condition } from '../../detections/conditions';
import { escapeRegex, integerComparisonPattern } from '../regex';
import { listContainsPattern } from './listPattern';

/**
 * An array condition whose element test reads one field can run as one regex over the values of
 * that field in every inspected element, joined by a separator, instead of one label filter per
 * element. That keeps a query over ten containers in seven container lists from repeating a long
 * pattern seventy times. The in-process matcher joins the same values and applies the same regex.
 *
 * A crafted value that contains the separator can make the joined text match where no single
 * element does, so this only adds matches; it is used only where the condition is not negated,
 * where an added match is a finding and never a missed one.
 */
export const ELEMENT_SEPARATOR = '\u001f';

const SEPARATOR_PATTERN = '\\x1f';

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


type AnyElement = Extract<Condition, { op: 'anyElement' }>;

/** A branch of an `any`: either one condition, or array conditions that share one joinable element test. */
export type AnyBranch = { kind: 'single'; condition: Condition } | { kind: 'joined'; arrays: AnyElement[]; where: JoinableLeaf };

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
    if (child.op === 'anyElement' && isJoinableLeaf(child.where)) {
      const key = JSON.stringify(child.where);
      const group = groups.get(key);
      if (group) {
        group.arrays.push(child);
        continue;
      }
      const created: Extract<AnyBranch, { kind: 'joined' }> = { kind: 'joined', arrays: [child], where: child.where };
      groups.set(key, created);
      branches.push(created);
    } else {
      branches.push({ kind: 'single', condition: child });
    }
  }
  return branches;
}
