import { anchored } from '../../../compiler/regex';
import { capabilityNamePattern, caseInsensitive } from './capabilities';

const matches = (names: string[], value: string) => anchored(capabilityNamePattern(names)).test(value);

describe('capabilityNamePattern', () => {
  test('matches the spellings a runtime accepts', () => {
    for (const value of ['SYS_ADMIN', 'sys_admin', 'Sys_Admin', 'CAP_SYS_ADMIN', 'cap_sys_admin']) {
      expect(matches(['SYS_ADMIN'], value)).toBe(true);
    }
  });

  test('matches letters that Go upper-cases to ASCII', () => {
    expect(matches(['SYS_ADMIN'], 'ſys_admin')).toBe(true);
    expect(matches(['NET_ADMIN'], 'net_admın')).toBe(true);
    expect(matches(['DAC_READ_SEARCH'], 'cap_dac_read_ſearch')).toBe(true);
    expect(matches(['SYS_ADMIN'], 'ſYſ_ADMıN')).toBe(true);
  });

  test('does not match letters Go keeps', () => {
    // strings.ToUpper keeps the Kelvin sign (U+212A) and maps İ (U+0130) to itself.
    expect(matches(['KILL'], '\u212Aill')).toBe(false);
    expect(matches(['SYS_ADMIN'], 'SYS_ADM\u0130N')).toBe(false);
    expect(matches(['SYS_ADMIN'], 'SYS_\u00C5DMIN')).toBe(false);
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

  test('adds the letters Go maps onto I and S', () => {
    expect(caseInsensitive('is')).toBe('[Iiı][Ssſ]');
  });
});
