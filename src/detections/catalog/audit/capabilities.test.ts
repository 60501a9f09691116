import { anchored } from '../../../compiler/regex';
import { capabilityNamePattern, caseInsensitive } from './capabilities';

const matches = (names: string[], value: string) => anchored(capabilityNamePattern(names)).test(value);

describe('capabilityNamePattern', () => {
  test('matches the spellings a runtime accepts', () => {
    for (const value of ['SYS_ADMIN', 'sys_admin', 'Sys_Admin', 'CAP_SYS_ADMIN', 'cap_sys_admin']) {
      expect(matches(['SYS_ADMIN'], value)).toBe(true);
    }
  });

  test('accepts list entries with the CAP_ prefix', () => {
    expect(matches(['CAP_BPF'], 'BPF')).toBe(true);
    expect(matches(['cap_bpf'], 'CAP_BPF')).toBe(true);
  });

  test('does not match other capabilities', () => {
    expect(matches(['SYS_ADMIN'], 'SYS_ADMINX')).toBe(false);
    expect(matches(['SYS_ADMIN'], 'NET_ADMIN')).toBe(false);
    expect(matches(['ALL'], 'CAP_CHOWN')).toBe(false);
  });

  test('rejects an empty list', () => {
    expect(() => capabilityNamePattern([])).toThrow('at least one capability');
  });
});

describe('caseInsensitive', () => {
  test('escapes characters without case', () => {
    expect(caseInsensitive('a.b')).toBe('[Aa]\\.[Bb]');
  });
});
