import { describeKind, tuningValueItems } from './formatTuning';

describe('tuningValueItems', () => {
  test('list keeps its items', () => {
    expect(tuningValueItems(['kube-system', 'falco'])).toEqual(['kube-system', 'falco']);
  });

  test('empty list has no items', () => {
    expect(tuningValueItems([])).toEqual([]);
  });

  test('empty string item is quoted', () => {
    expect(tuningValueItems(['', 'default'])).toEqual(['""', 'default']);
  });

  test('number and duration are one item', () => {
    expect(tuningValueItems(3)).toEqual(['3']);
    expect(tuningValueItems('5m')).toEqual(['5m']);
  });
});

describe('describeKind', () => {
  test.each([
    [{ min: 1, max: 10 }, 'number from 1 to 10'],
    [{ min: 0 }, 'number, at least 0'],
    [{ max: 5 }, 'number, at most 5'],
    [{}, 'number'],
  ])('number bounds %j', (bounds, text) => {
    expect(describeKind({ name: 'n', kind: 'number', description: '', default: 1, ...bounds })).toBe(text);
  });

  test('list and duration keep their kind', () => {
    expect(describeKind({ name: 'l', kind: 'list', description: '', default: [] })).toBe('list');
    expect(describeKind({ name: 'd', kind: 'duration', description: '', default: '5m' })).toBe('duration');
  });
});
