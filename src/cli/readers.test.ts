/** @jest-environment node */
import { arrayElementOffsets, hasEventExtension } from './readers';

describe('arrayElementOffsets', () => {
  test('finds each top-level element past strings with brackets and escapes', () => {
    const text = '[ {"a":"]\\"[,"}, "x]", [1,[2]] ,3,null ]';
    const offsets = arrayElementOffsets(text, 0);
    expect(offsets.map((offset) => text[offset])).toEqual(['{', '"', '[', '3', 'n']);
  });

  test('returns nothing for an empty array', () => {
    expect(arrayElementOffsets('[ ]', 0)).toEqual([]);
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
