import { formatDuration, parseDurationSeconds } from './durations';

describe('parseDurationSeconds', () => {
  test.each([
    ['0', 0],
    ['0s', 0],
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['1d', 86400],
    ['500ms', 0.5],
  ])('reads %s', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  test.each([[''], ['5'], ['5 m'], ['-5m'], ['m5'], ['1.5h']])('rejects %j', (text) => {
    expect(() => parseDurationSeconds(text)).toThrow(/Invalid duration/);
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [30, '30s'],
    [60, '1m'],
    [90, '1m30s'],
    [3600, '1h'],
    [604800, '1w'],
  ])('writes %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  test('rejects a fraction', () => {
    expect(() => formatDuration(1.5)).toThrow(/whole, non-negative/);
  });
});
