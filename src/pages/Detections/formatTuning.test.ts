import { describeKind, formatTuningValue } from './formatTuning';

describe('formatTuningValue', () => {
  test('list joins items', () => {
    expect(formatTuningValue(['kube-system', 'falco'])).toBe('kube-system, falco');
  });

  test('empty list is named', () => {
    expect(formatTuningValue([])).toBe('(empty list)');
  });

  test('empty string item is quoted', () => {
    expect(formatTuningValue(['', 'default'])).toBe('"", default');
  });

  test('number and duration print as is', () => {
    expect(formatTuningValue(3)).toBe('3');
    expect(formatTuningValue('5m')).toBe('5m');
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
