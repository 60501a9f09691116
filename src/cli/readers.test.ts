/** @jest-environment node */
import { hasEventExtension } from './inputFiles';
import { arrayElementSpans, minifyJson } from './jsonText';

describe('arrayElementSpans', () => {
  test('finds each top-level element past strings with brackets and escapes', () => {
    const text = '[ {"a":"]\\"[,"}, "x]", [1,[2]] ,3,null ]';
    const spans = arrayElementSpans(text, 0);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['{"a":"]\\"[,"}', '"x]"', '[1,[2]]', '3', 'null']);
  });

  test('returns nothing for an empty array', () => {
    expect(arrayElementSpans('[ ]', 0)).toEqual([]);
  });
});

describe('minifyJson', () => {
  test('removes whitespace between tokens and keeps strings, numbers and duplicates', () => {
    expect(minifyJson('{ "a" : "x  y",\n  "a": -0, "b\\"": [ 1.0 ] }')).toBe('{"a":"x  y","a":-0,"b\\"":[1.0]}');
  });
});

describe('hasEventExtension', () => {
  test.each([
    ['audit.log', true],
    ['audit-2026-12-01T00-00-00.000.log.gz', true],
    ['events.JSONL', true],
    ['notes.md', false],
    ['archive.tar.gz', false],
  ])('%s', (file, expected) => {
    expect(hasEventExtension(file)).toBe(expected);
  });
});
