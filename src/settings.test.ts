import { DEFAULT_SETTINGS, resolveSettings } from './settings';

describe('resolveSettings', () => {
  test('accepts the defaults', () => {
    expect(resolveSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  test.each([
    [{ auditSelector: 5 }, 'Invalid auditSelector 5: write it as a string'],
    [{ tuning: null }, 'Invalid tuning null'],
    [{ tuning: 'x' }, 'Invalid tuning "x"'],
    [{ tuning: { 'k8s-exec-attach': null } }, 'Invalid tuning of k8s-exec-attach: null is not an object'],
    [{ tuning: { 'k8s-exec-atach': {} } }, 'there is no detection "k8s-exec-atach"'],
    [{ tuning: { 'k8s-exec-attach': { trustedUsers: ['a\u2028b'] } } }, 'with a control character or line separator'],
    [{ tuning: { 'k8s-exec-attach': { trustedUsers: ['a\u0000b'] } } }, 'with a control character or line separator'],
    [{ auditSelector: '{job=~"a(?=b)"}' }, 'uses lookaround'],
    [{ falcoSelector: '{rule=~"("}' }, 'is not a valid regular expression'],
    [{ cadvisorMatchers: 'image=~"("' }, 'is not a valid regular expression'],
    [{ cadvisorMatchers: '__name__="up"' }, 'remove the __name__ matcher'],
    [{ maxArrayElements: 0 }, 'use an integer from 1 to 32'],
    [{ falcoFormat: 'xml' }, 'Invalid Falco format "xml"'],
  ])('rejects %j', (stored, message) => {
    expect(() => resolveSettings(stored as never)).toThrow(message);
  });

  test('accepts RE2 flags and named groups in selectors', () => {
    expect(() => resolveSettings({ auditSelector: '{job=~"(?i)kubernetes-(?P<kind>audit)"}' })).not.toThrow();
  });
});
