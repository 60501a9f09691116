import type { Comparator } from '../detections/conditions';
import { anchored, assertPortableRegex, escapeRegex, integerComparisonPattern, literalAlternation } from './regex';

const COMPARE: Record<Comparator, (a: bigint, b: bigint) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

function randomDigits(random: () => number): string {
  const length = 1 + Math.floor(random() * 6);
  let digits = '';
  for (let i = 0; i < length; i++) {
    digits += Math.floor(random() * 10);
  }
  return digits;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('integerComparisonPattern', () => {
  const thresholds = [0, 1, 5, 9, 10, 11, 99, 100, 101, 199, 200, 399, 400, 1000, 65535];
  const comparators: Comparator[] = ['gt', 'gte', 'lt', 'lte'];

  test.each(comparators)('%s agrees with integer comparison', (comparator) => {
    const random = seeded(7);
    for (const threshold of thresholds) {
      if (comparator === 'lt' && threshold === 0) {
        continue;
      }
      const pattern = anchored(integerComparisonPattern(comparator, threshold));
      const values = ['0', '00', '007', String(threshold), String(threshold + 1), String(Math.max(0, threshold - 1)), `0${threshold}`];
      for (let i = 0; i < 300; i++) {
        values.push(randomDigits(random));
      }
      for (const value of values) {
        expect([value, pattern.test(value)]).toEqual([value, COMPARE[comparator](BigInt(value), BigInt(threshold))]);
      }
    }
  });

  test('rejects values that are not non-negative integers', () => {
    const pattern = anchored(integerComparisonPattern('gte', 0));
    for (const value of ['', '-1', '1.5', '1e3', ' 1', 'abc', '+1']) {
      expect([value, pattern.test(value)]).toEqual([value, false]);
    }
  });

  test('rejects a comparison that can never match', () => {
    expect(() => integerComparisonPattern('lt', 0)).toThrow(/never match/);
  });

  test('rejects a negative or fractional threshold', () => {
    expect(() => integerComparisonPattern('gt', -1)).toThrow(/non-negative integer/);
    expect(() => integerComparisonPattern('gt', 1.5)).toThrow(/non-negative integer/);
  });
});

describe('escapeRegex', () => {
  test('matches only the literal', () => {
    const literals = ['a.b', 'x|y', '(group)', '[set]', 'a*b+c?', '^start$', 'back\\slash', '{1,2}', 'kube-system', ''];
    for (const literal of literals) {
      const pattern = anchored(escapeRegex(literal));
      expect(pattern.test(literal)).toBe(true);
      expect(pattern.test(`${literal}x`)).toBe(false);
    }
    expect(anchored(escapeRegex('a.b')).test('axb')).toBe(false);
  });

  test('alternation matches each literal', () => {
    const pattern = anchored(literalAlternation(['a|b', 'c']));
    expect(pattern.test('a|b')).toBe(true);
    expect(pattern.test('c')).toBe(true);
    expect(pattern.test('a')).toBe(false);
  });

  test('alternation needs a value', () => {
    expect(() => literalAlternation([])).toThrow(/at least one value/);
  });
});

describe('assertPortableRegex', () => {
  test.each([['(?i)abc'], ['(?P<x>a)'], ['a\\s+b'], ['(a)\\1'], ['[[:alpha:]]']])('rejects %s', (pattern) => {
    expect(() => assertPortableRegex(pattern, 'test')).toThrow(/pattern/);
  });

  test('accepts plain classes and alternation', () => {
    expect(() => assertPortableRegex('/proc(/.*)?|[0-9]+', 'test')).not.toThrow();
  });
});

describe('toJavaScriptPattern', () => {
  test('makes . exclude only a newline, as in RE2', () => {
    const pattern = anchored('a.b');
    expect(pattern.test('a\rb')).toBe(true);
    expect(pattern.test('a\u2028b')).toBe(true);
    expect(pattern.test('a\nb')).toBe(false);
  });

  test('keeps escaped dots and dots in classes', () => {
    expect(anchored('a\\.b').test('axb')).toBe(false);
    expect(anchored('[.]').test('x')).toBe(false);
    expect(anchored('[].]').test(']')).toBe(true);
    expect(anchored('[^.]').test('\r')).toBe(true);
  });
});

describe('escapeRegex and template variables', () => {
  test('writes $ so that no $name variable appears', () => {
    const escaped = escapeRegex('$__interval');
    expect(escaped).toBe('[$]__interval');
    expect(anchored(escaped).test('$__interval')).toBe(true);
  });
});
