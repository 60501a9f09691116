import { MAX_VALUE_LENGTH, parseAlertTime, parseRunbookContext } from './context';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseAlertTime', () => {
  test.each([
    ['unix seconds', '1740830400', Date.parse('2025-03-01T12:00:00Z')],
    ['fractional seconds', '1740830400.5', Date.parse('2025-03-01T12:00:00.500Z')],
    ['unix milliseconds', '1740830400123', Date.parse('2025-03-01T12:00:00.123Z')],
    ['RFC 3339 in UTC', '2025-03-01T12:00:00Z', Date.parse('2025-03-01T12:00:00Z')],
    ['RFC 3339 with offset', '2025-03-01T13:30:00+01:30', Date.parse('2025-03-01T12:00:00Z')],
    ['RFC 3339 with fraction', '2025-03-01T12:00:00.250Z', Date.parse('2025-03-01T12:00:00.250Z')],
    ['Go time of a notification', '2025-03-01 12:00:00 +0000 UTC', Date.parse('2025-03-01T12:00:00Z')],
    ['Go time with zone and fraction', '2025-03-01 13:30:00.25 +0130 XYZ', Date.parse('2025-03-01T12:00:00.250Z')],
    ['Go time with monotonic clock', '2025-03-01 12:00:00.5 +0000 UTC m=+3.25', Date.parse('2025-03-01T12:00:00.500Z')],
  ])('reads %s', (_name, text, expected) => {
    expect(parseAlertTime(text)).toBe(expected);
  });

  test.each([['yesterday'], ['2025-03-01'], ['2025-03-01 12:00:00 UTC'], ['-5'], ['1e12'], ['9'.repeat(40)]])(
    'rejects %s',
    (text) => {
      expect(parseAlertTime(text)).toBeUndefined();
    }
  );
});

describe('parseRunbookContext', () => {
  test('reads every runbook parameter', () => {
    const context = parseRunbookContext(
      'namespace=prod&pod=web-1&container=app&image=nginx%3A1.27&user=system%3Aserviceaccount%3Aprod%3Adefault&node=node-1&resource=pods&name=web-1&time=1740830400',
      NOW
    );
    expect(context.values).toEqual({
      namespace: 'prod',
      pod: 'web-1',
      container: 'app',
      image: 'nginx:1.27',
      user: 'system:serviceaccount:prod:default',
      node: 'node-1',
      resource: 'pods',
      name: 'web-1',
    });
    expect(context.timeMs).toBe(Date.parse('2025-03-01T12:00:00Z'));
    expect(context.timeFromUrl).toBe(true);
    expect(context.warnings).toEqual([]);
  });

  test('uses now without a time', () => {
    const context = parseRunbookContext('', NOW);
    expect(context.values).toEqual({});
    expect(context.timeMs).toBe(NOW);
    expect(context.timeFromUrl).toBe(false);
  });

  test('warns about an unreadable time', () => {
    const context = parseRunbookContext('time=%3Cscript%3E', NOW);
    expect(context.timeMs).toBe(NOW);
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]).toContain('"<script>"');
  });

  test('treats empty values as absent', () => {
    expect(parseRunbookContext('namespace=&pod=%20', NOW).values).toEqual({});
  });

  test('ignores an overlong value', () => {
    const context = parseRunbookContext(`pod=${'a'.repeat(MAX_VALUE_LENGTH + 1)}`, NOW);
    expect(context.values.pod).toBeUndefined();
    expect(context.warnings[0]).toContain('<pod>');
  });

  test('keeps crafted values as text', () => {
    const context = parseRunbookContext(`pod=${encodeURIComponent('$(id)\n`x`')}`, NOW);
    expect(context.values.pod).toBe('$(id)\n`x`');
  });
});
