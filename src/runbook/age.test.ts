import { formatAge } from './age';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const MINUTE = 60_000;

describe('formatAge', () => {
  test.each([
    [0, 'less than a minute ago'],
    [59_999, 'less than a minute ago'],
    [MINUTE, '1 min ago'],
    [59 * MINUTE, '59 min ago'],
    [(5 * 60 + 12) * MINUTE + 30_000, '5 h 12 min ago'],
    [(3 * 24 * 60 + 4 * 60 + 7) * MINUTE, '3 d 4 h ago'],
  ])('%i ms before now', (before, expected) => {
    expect(formatAge(NOW - before, NOW)).toBe(expected);
  });

  test('later time is in the future', () => {
    expect(formatAge(NOW + MINUTE, NOW)).toBe('in the future');
  });
});
