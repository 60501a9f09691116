import { LINE_FIELD, all, anyElement, equals, not, oneOf, regex } from '../../detections/conditions';
import { AUDIT_SCHEMA, falcoSchema } from '../../detections/schemas';
import { evaluate } from '../../matcher/evaluate';
import { parseLogQL } from '../../testing/queryParsers';
import { MAX_QUERY_BYTES, compileLogDetection } from './compile';
import { lineMatches } from './lineFilters';
import { parseSelector } from './selector';
import { conditionDetection as detection } from '../../testing/detections';

const audit = { selector: parseSelector('{job="kubernetes-audit"}'), schema: AUDIT_SCHEMA };
const falcoText = { selector: parseSelector('{rule=~".+"}'), schema: falcoSchema('text') };

describe('compileLogDetection', () => {
  test('compiles an empty member of oneOf to its own comparison', () => {
    const compiled = compileLogDetection(detection('audit', oneOf('objectRef.namespace', ['default', ''])), audit, { maxArrayElements: 2 });
    expect(compiled.logQuery).toContain('(cordon_objectRef_namespace=~"default" or cordon_objectRef_namespace="")');
    const negated = compileLogDetection(detection('audit', not(oneOf('objectRef.namespace', ['default', '']))), audit, { maxArrayElements: 2 });
    expect(negated.logQuery).toContain('(cordon_objectRef_namespace!~"default" and cordon_objectRef_namespace!="")');
  });

  test('moves stream label conjuncts into the selector', () => {
    const condition = all(oneOf('rule', ['Terminal shell in container']), not(oneOf('output_fields["k8s.ns.name"]', ['kube-system'])));
    const compiled = compileLogDetection(detection('falco', condition), falcoText, { maxArrayElements: 2 });
    expect(compiled.logQuery).toBe('{rule=~".+", rule=~"Terminal shell in container"} | k8s_ns_name!~"kube-system"');
    expect(parseLogQL(compiled.logQuery).errors).toEqual([]);
    expect(parseLogQL(compiled.metricQuery).errors).toEqual([]);
  });

  test('needs no filter stage when the selector holds the whole condition', () => {
    const compiled = compileLogDetection(detection('falco', equals('rule', 'Clear Log Activities')), falcoText, { maxArrayElements: 2 });
    expect(compiled.logQuery).toBe('{rule=~".+", rule="Clear Log Activities"}');
  });

  test('fails closed on arrays longer than the inspected elements', () => {
    const condition = anyElement('requestObject.spec.containers', 'c', equals('securityContext.privileged', true));
    const compiled = compileLogDetection(detection('audit', condition), audit, { maxArrayElements: 2 });
    expect(compiled.logQuery).toContain('cordon_c2!=""');
    const containers = [{ name: 'a' }, { name: 'b' }, { name: 'c', securityContext: { privileged: true } }];
    expect(evaluate(condition, { requestObject: { spec: { containers } } }, 2)).toBe(true);
    expect(evaluate(condition, { requestObject: { spec: { containers: containers.slice(0, 2) } } }, 2)).toBe(false);
  });

  test('rejects a field the storage format does not keep', () => {
    expect(() => compileLogDetection(detection('falco', equals('output_fields["proc.name"]', 'sh')), falcoText, { maxArrayElements: 2 })).toThrow(
      /not stored by the falco log format.*switch the format to JSON/
    );
  });

  test('rejects a query Loki cannot parse', () => {
    const longList = Array.from({ length: 10_000 }, (_, index) => `namespace-${index}`);
    expect(() => compileLogDetection(detection('audit', oneOf('objectRef.namespace', longList)), audit, { maxArrayElements: 2 })).toThrow(
      new RegExp(`its log query is [0-9]+ bytes, and Loki rejects a query of ${MAX_QUERY_BYTES} bytes or more`)
    );
  });

  test('reads the line for the line field', () => {
    const condition = all(equals('verb', 'patch'), regex(LINE_FIELD, '[\\s\\S]*\\\\u[dD]8[0-9a-fA-F]{2}[\\s\\S]*'));
    const compiled = compileLogDetection(detection('audit', condition), audit, { maxArrayElements: 2 });
    expect(compiled.logQuery).toContain('| label_format cordon_line="{{ __line__ }}"');
    expect(compiled.logQuery).toContain('cordon_line=~"^(?:(?s:.)*');
    expect(compiled.extractions).toEqual([{ label: 'cordon_verb', path: 'verb' }]);
    expect(parseLogQL(compiled.logQuery).errors).toEqual([]);
    expect(parseLogQL(compiled.metricQuery).errors).toEqual([]);
  });

  test('derives a raw filter from a line regex', () => {
    const compiled = compileLogDetection(detection('audit', regex(LINE_FIELD, '[\\s\\S]*\\\\u[dD]8[\\s\\S]*')), audit, { maxArrayElements: 2 });
    expect(compiled.lineFilters).toEqual([{ kind: 'regex', pattern: '(?:\\\\u[dD]8)' }]);
    expect(compiled.logQuery.startsWith('{job="kubernetes-audit"} |~ "(?:\\\\\\\\u[dD]8)" | label_format')).toBe(true);
    expect(lineMatches('{"k":"\\ud800"}', compiled.lineFilters)).toBe(true);
    // The escape allowance of JSON field filters does not apply to the line as stored.
    expect(lineMatches('{"k":"\\u0041"}', compiled.lineFilters)).toBe(false);
  });

  test('derives no filter from other line regexes', () => {
    for (const pattern of ['\\\\u[dD]8[\\s\\S]*', '[\\s\\S]*', '[\\s\\S]*a\\[\\s\\S]*', '[\\s\\S]*(?:a|b)']) {
      const compiled = compileLogDetection(detection('audit', regex(LINE_FIELD, pattern)), audit, { maxArrayElements: 2 });
      expect([pattern, compiled.lineFilters]).toEqual([pattern, []]);
    }
  });

  test('derives the quoted name a field regex starts with', () => {
    const compiled = compileLogDetection(detection('audit', regex('responseObject', '[\\s\\S]*"privileged":true[\\s\\S]*')), audit, { maxArrayElements: 2 });
    expect(compiled.lineFilters.map((filter) => (filter.kind === 'contains' ? filter.text : filter.pattern))).toEqual(['"privileged', '"responseObject"']);
    const texts = (pattern: string) =>
      compileLogDetection(detection('audit', regex('responseObject', pattern)), audit, { maxArrayElements: 2 }).lineFilters.map((filter) =>
        filter.kind === 'contains' ? filter.text : filter.pattern
      );
    expect(texts('[\\s\\S]*"host(?:PID|IPC)":true[\\s\\S]*')).toEqual(['"host', '"responseObject"']);
    expect(texts('[\\s\\S]*"hosts?":true[\\s\\S]*')).toEqual(['"host', '"responseObject"']);
    expect(texts('[\\s\\S]*"privileged":true|x')).toEqual(['"responseObject"']);
    expect(texts('[\\s\\S]*"ab(?:c|d)')).toEqual(['"responseObject"']);
  });

  test('reads the line of Falco text alerts for the line field', () => {
    const compiled = compileLogDetection(detection('falco', all(equals('rule', 'x'), regex(LINE_FIELD, '[\\s\\S]*nc -e[\\s\\S]*'))), falcoText, {
      maxArrayElements: 2,
    });
    expect(compiled.logQuery).toBe(
      '{rule=~".+", rule="x"} |~ "(?:nc -e)" | label_format cordon_line="{{ __line__ }}" | cordon_line=~"^(?:(?s:.)*nc -e(?s:.)*)"'
    );
  });

  test('rejects a detection given the wrong source', () => {
    expect(() => compileLogDetection(detection('falco', equals('rule', 'x')), audit, { maxArrayElements: 2 })).toThrow(/reads falco events, but the source given is audit/);
  });
});
