import { LINE_FIELD, all, equals, regex } from '../detections/conditions';
import { AUDIT_SCHEMA, falcoSchema } from '../detections/schemas';
import { parseSelector } from '../compiler/logql/selector';
import { PreparedDetection } from './detector';
import { NormalizedEvent, normalizeEvent } from './events';
import { conditionDetection as detection } from '../testing/detections';

function event(line: string): NormalizedEvent {
  const normalized = normalizeEvent(JSON.parse(line), line);
  if ('unmapped' in normalized) {
    throw new Error(normalized.unmapped);
  }
  return normalized;
}

const audit = { selector: parseSelector('{job="kubernetes-audit"}'), schema: AUDIT_SCHEMA };
const options = { maxArrayElements: 2 };
const LONE_HIGH = '[\\s\\S]*\\\\u[dD]8[0-9a-fA-F]{2}[\\s\\S]*';

describe('line field', () => {
  test('reads the stored line with its escapes', () => {
    const prepared = new PreparedDetection(detection('audit', regex(LINE_FIELD, LONE_HIGH)), audit, options);
    expect(prepared.matches(event('{"kind":"Event","verb":"patch","requestObject":{"\\ud800":0}}'))).toBe(true);
    expect(prepared.matches(event('{"kind":"Event","verb":"patch","requestObject":{"a":"\\u0041"}}'))).toBe(false);
  });

  test('reads the line beside JSON fields', () => {
    const prepared = new PreparedDetection(detection('audit', all(equals('verb', 'patch'), regex(LINE_FIELD, LONE_HIGH))), audit, options);
    expect(prepared.matches(event('{"kind":"Event","verb":"patch","requestObject":{"\\ud800":0}}'))).toBe(true);
    expect(prepared.matches(event('{"kind":"Event","verb":"create","requestObject":{"\\ud800":0}}'))).toBe(false);
  });

  test('ignores a JSON key of the same name', () => {
    const prepared = new PreparedDetection(detection('audit', all(equals('verb', 'patch'), equals(LINE_FIELD, 'x'))), audit, options);
    expect(prepared.matches(event('{"kind":"Event","verb":"patch","__line__":"x"}'))).toBe(false);
  });

  test('reads the output of Falco text alerts', () => {
    const source = { selector: parseSelector('{rule=~".+"}'), schema: falcoSchema('text') };
    const prepared = new PreparedDetection(detection('falco', regex(LINE_FIELD, '[\\s\\S]*nc -e[\\s\\S]*')), source, options);
    const alert: NormalizedEvent = { telemetry: 'falco', event: { rule: 'r', output: 'x' }, line: 'shell ran nc -e /bin/sh' };
    expect(prepared.matches(alert)).toBe(true);
    expect(prepared.matches({ ...alert, line: 'shell ran ls' })).toBe(false);
  });
});
