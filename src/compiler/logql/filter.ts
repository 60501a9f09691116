import type { Condition } from '../../detections/conditions';
import { joinPath, parsePath } from '../../detections/paths';
import { quoteString } from '../quote';
import { integerComparisonPattern, literalAlternation } from '../regex';
import { JoinableLeaf, elementPattern, groupAnyBranches, joinableLeaves, joinedPattern } from './elementJoin';
import { listContainsPattern } from './listPattern';
import { FieldTable } from './fields';
import { lokiLabelPattern } from './labelRegex';

/**
 * Compiles a condition to a LogQL label filter expression. LogQL label filters have no `not`,
 * so negation is pushed down to the leaves with De Morgan's laws.
 */
export function compileFilter(condition: Condition, fields: FieldTable, maxElements: number): string {
  return compile(condition, false, fields, maxElements, undefined);
}

interface ElementScope {
  array: string;
  alias: string;
  index: number;
}

export { listContainsPattern };

function compile(condition: Condition, negated: boolean, fields: FieldTable, maxElements: number, scope?: ElementScope): string {
  const label = (field: string) => {
    if (!scope) {
      return fields.resolve(field).label;
    }
    // The element's last key keeps label names short; FieldTable adds a suffix if two collide.
    const segments = parsePath(field);
    const hint = `${scope.alias}${scope.index}_${segments[segments.length - 1]}`;
    return fields.resolve(joinPath(scope.array, scope.index, field), hint).label;
  };
  const match = (field: string, operator: '=' | '=~', value: string) => {
    const negatedOperator = operator === '=' ? '!=' : '!~';
    const pattern = operator === '=~' ? lokiLabelPattern(value) : value;
    return `${label(field)}${negated ? negatedOperator : operator}${quoteString(pattern)}`;
  };
  const group = (parts: string[], conjunction: boolean) => {
    const joiner = conjunction ? ' and ' : ' or ';
    return parts.length === 1 ? parts[0] : `(${parts.join(joiner)})`;
  };

  switch (condition.op) {
    case 'all':
      return group(condition.of.map((child) => compile(child, negated, fields, maxElements, scope)), !negated);
    case 'any':
      if (negated || scope) {
        return group(condition.of.map((child) => compile(child, negated, fields, maxElements, scope)), negated);
      }
      return group(
        groupAnyBranches(condition.of).map((branch) =>
          branch.kind === 'single' ? compile(branch.condition, negated, fields, maxElements, scope) : compileJoined(branch.arrays, branch.leaves, fields, maxElements)
        ),
        false
      );
    case 'not':
      return compile(condition.of, !negated, fields, maxElements, scope);
    case 'equals':
      return match(condition.field, '=', String(condition.value));
    case 'oneOf': {
      // Loki 3.7.6 drops an empty alternative from a label regex that it simplifies (see
      // lokiLabelPattern), so the empty value also gets a comparison of its own.
      const nonEmpty = condition.values.filter((value) => value !== '');
      if (nonEmpty.length === condition.values.length) {
        return match(condition.field, '=~', literalAlternation(nonEmpty));
      }
      const empty = match(condition.field, '=', '');
      if (nonEmpty.length === 0) {
        return empty;
      }
      return group([match(condition.field, '=~', literalAlternation(nonEmpty)), empty], negated);
    }
    case 'regex':
      // On an object, such as a JSON patch value, the regex sees the raw text with the client's escapes,
      // because the audit log keeps a patch body as sent (k8s.io/apiserver audit LogRequestPatch), so
      // "\u0070rivileged":true does not match "privileged". jsonPatchSets fails closed on such a value
      // when its operation writes at or above a watched field.
      return match(condition.field, '=~', condition.pattern);
    case 'exists':
      return `${label(condition.field)}${negated ? '=' : '!='}""`;
    case 'compare':
      return match(condition.field, '=~', integerComparisonPattern(condition.comparator, condition.value));
    case 'listContains':
      return match(condition.field, '=~', listContainsPattern(condition.values));
    case 'anyElement':
      return compileAnyElement(condition, negated, fields, maxElements, scope);
  }
}

function compileAnyElement(
  condition: Extract<Condition, { op: 'anyElement' }>,
  negated: boolean,
  fields: FieldTable,
  maxElements: number,
  scope?: ElementScope
): string {
  if (scope) {
    throw new Error(`Nested array conditions are not supported: "${condition.array}" inside "${scope.array}". Use listContains for arrays of strings.`);
  }
  const where = condition.where;
  const leaves = negated ? undefined : joinableLeaves(where);
  if (leaves) {
    return compileJoined([condition], leaves, fields, maxElements);
  }
  const parts: string[] = [];
  for (let index = 0; index < maxElements; index++) {
    parts.push(compile(where, negated, fields, maxElements, { array: condition.array, alias: condition.alias, index }));
  }
  // Past the inspected elements the query cannot look, so an array that long counts as a match
  // (fail closed). The line filters still require the element condition's tokens somewhere.
  const overflowPath = `${condition.array}[${maxElements}]`;
  const overflow = fields.resolve(overflowPath, `${condition.alias}${maxElements}`).label;
  parts.push(`${overflow}${negated ? '=' : '!='}""`);
  return `(${parts.join(negated ? ' and ' : ' or ')})`;
}

/**
 * Compiles array conditions that share one joinable element test into one regex over the
 * joined values of every inspected element (see elementJoin.ts), plus the fail-closed check of
 * each array.
 */
function compileJoined(arrays: Array<Extract<Condition, { op: 'anyElement' }>>, leaves: JoinableLeaf[], fields: FieldTable, maxElements: number): string {
  const leafKeys = leaves.map((leaf) => {
    const segments = parsePath(leaf.field);
    return segments[segments.length - 1];
  });
  const elements: string[][] = [];
  const overflows: string[] = [];
  for (const condition of arrays) {
    for (let index = 0; index < maxElements; index++) {
      elements.push(
        leaves.map((leaf, position) => fields.resolve(joinPath(condition.array, index, leaf.field), `${condition.alias}${index}_${leafKeys[position]}`).label)
      );
    }
    overflows.push(`${fields.resolve(`${condition.array}[${maxElements}]`, `${condition.alias}${maxElements}`).label}!=""`);
  }
  const keys = leafKeys.join('_');
  const hint = arrays.length === 1 ? `${arrays[0].alias}_${keys}` : `any_${keys}`;
  const joined = fields.join(hint, elements);
  const test = `${joined}=~${quoteString(lokiLabelPattern(joinedPattern(elementPattern(leaves))))}`;
  return `(${[test, ...overflows].join(' or ')})`;
}
