import { TECHNIQUES } from '../../detections/attack';
import { Condition, any, anyElement, equals, not } from '../../detections/conditions';
import type { LogDetection } from '../../detections/model';
import { AUDIT_SCHEMA } from '../../detections/schemas';
import { evaluate } from '../../matcher/evaluate';
import { anchored } from '../regex';
import { compileLogDetection } from './compile';
import { ELEMENT_SEPARATOR, groupAnyBranches, joinedPattern } from './elementJoin';
import { parseSelector } from './selector';

const privileged = equals('securityContext.privileged', true);
const inContainers = anyElement('spec.containers', 'c', privileged);
const inInitContainers = anyElement('spec.initContainers', 'ic', privileged);

function detection(condition: Condition): LogDetection {
  return {
    kind: 'log',
    id: 'join-test',
    title: 'Join test',
    description: 'Test detection.',
    severity: 'low',
    technique: TECHNIQUES.escapeToHost,
    telemetry: 'audit',
    condition: () => condition,
    evidence: [],
    falsePositives: [],
    tuning: [],
    response: { investigate: [], contain: [], forensics: [], remediate: [] },
    references: [],
  };
}

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
