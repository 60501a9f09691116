import { Condition, all, any, anyElement, equals, exists, not, oneOf, regex } from '../../detections/conditions';
import { AUDIT_SCHEMA } from '../../detections/schemas';
import { evaluate } from '../../matcher/evaluate';
import { anchored } from '../regex';
import { compileLogDetection } from './compile';
import { ELEMENT_SEPARATOR, groupAnyBranches, joinableLeaves, joinedPattern } from './elementJoin';
import { parseSelector } from './selector';
import { conditionDetection } from '../../testing/detections';

const privileged = equals('securityContext.privileged', true);
const inContainers = anyElement('spec.containers', 'c', privileged);
const inInitContainers = anyElement('spec.initContainers', 'ic', privileged);

const detection = (condition: Condition) => conditionDetection('audit', condition);

const compile = (condition: Condition) =>
  compileLogDetection(detection(condition), { selector: parseSelector('{job="audit"}'), schema: AUDIT_SCHEMA }, { maxArrayElements: 2 }).logQuery;

describe('element joins', () => {
  test('joined pattern finds a matching value in any position', () => {
    const pattern = anchored(joinedPattern('true'));
    expect(pattern.test(['false', 'true', ''].join(ELEMENT_SEPARATOR))).toBe(true);
    expect(pattern.test(['true'].join(ELEMENT_SEPARATOR))).toBe(true);
    expect(pattern.test(['false', 'truex'].join(ELEMENT_SEPARATOR))).toBe(false);
  });

  test('groups array conditions that share an element test', () => {
    const branches = groupAnyBranches([inContainers, equals('verb', 'create'), inInitContainers]);
    expect(branches.map((branch) => branch.kind)).toEqual(['joined', 'single']);
  });

  test('compiles a group to one regex over every element value', () => {
    const query = compile(any(inContainers, inInitContainers));
    expect(query).toContain('cordon_any_privileged="{{.cordon_c0_privileged}}\\u001f{{.cordon_c1_privileged}}\\u001f{{.cordon_ic0_privileged}}\\u001f{{.cordon_ic1_privileged}}"');
    expect(query.match(/=~"\^/g)).toHaveLength(1);
    expect(query).toContain('cordon_c2!=""');
    expect(query).toContain('cordon_ic2!=""');
  });

  test('keeps one test per element under a negation', () => {
    const query = compile(not(inContainers));
    expect(query).not.toContain('label_format');
    expect(query).toContain('cordon_c0_privileged!="true" and cordon_c1_privileged!="true" and cordon_c2=""');
  });

  test('evaluates groups as the compiled query does', () => {
    const condition = any(inContainers, inInitContainers);
    const event = (containers: unknown[], initContainers: unknown[]) => ({ spec: { containers, initContainers } });
    expect(evaluate(condition, event([{}], [{ securityContext: { privileged: true } }]), 2)).toBe(true);
    expect(evaluate(condition, event([{}, {}], [{}]), 2)).toBe(false);
    expect(evaluate(condition, event([{}, {}, {}], []), 2)).toBe(true);
    expect(evaluate(not(inContainers), event([{ securityContext: { privileged: true } }], []), 2)).toBe(false);
  });
});

describe('tuple joins', () => {
  const copyToPrivileged = anyElement('requestObject', 'jpc', all(oneOf('op', ['copy', 'move']), regex('path', '.*/privileged')));

  test('finds the leaves of a flat or nested all', () => {
    expect(joinableLeaves(all(equals('a', 1), all(equals('b', 2), regex('c', 'x')))) ?? []).toHaveLength(3);
    expect(joinableLeaves(all(equals('a', 1), equals('a', 2)))).toBeUndefined();
    expect(joinableLeaves(all(equals('a', 1), not(equals('b', 2))))).toBeUndefined();
    expect(joinableLeaves(all(equals('a', 1), exists('b')))).toBeUndefined();
  });

  test('compiles the fields of each element into one regex', () => {
    const query = compile(copyToPrivileged);
    expect(query).toContain(
      'cordon_jpc_op_path="{{.cordon_jpc0_op}}\\u001e{{.cordon_jpc0_path}}\\u001f{{.cordon_jpc1_op}}\\u001e{{.cordon_jpc1_path}}"'
    );
    expect(query).toContain('cordon_jpc_op_path=~"^(?:(?:(?s:.)*\\\\x1f)?(?:(?:copy|move)\\\\x1e(?:.*/privileged))');
    expect(query.match(/=~"\^/g)).toHaveLength(1);
    expect(query).toContain('cordon_jpc2!=""');
  });

  test('needs both fields in the same element', () => {
    const patch = (...ops: Array<Record<string, string>>) => ({ requestObject: ops });
    expect(evaluate(copyToPrivileged, patch({ op: 'add', path: '/a' }, { op: 'copy', path: '/x/privileged' }), 2)).toBe(true);
    expect(evaluate(copyToPrivileged, patch({ op: 'copy', path: '/a' }, { op: 'add', path: '/b' }), 2)).toBe(false);
    expect(evaluate(copyToPrivileged, patch({ op: 'add', path: '/x/privileged' }), 2)).toBe(false);
  });

  test('can match across elements through a wildcard', () => {
    // `.*` in the path test reaches into the next element: this only adds matches.
    const patch = { requestObject: [{ op: 'copy', path: '/a' }, { op: 'test', path: '/x/privileged' }] };
    expect(evaluate(copyToPrivileged, patch, 2)).toBe(true);
  });
});
