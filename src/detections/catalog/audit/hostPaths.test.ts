import { anchored } from '../../../compiler/regex';
import { hostPathPattern } from './hostPaths';

const matches = (entries: string[], path: string) => anchored(hostPathPattern(entries)).test(path);

describe('hostPathPattern', () => {
  test('matches the root folder in its spellings', () => {
    for (const path of ['/', '//', '/.', '/./', '///']) {
      expect(matches(['/'], path)).toBe(true);
    }
    expect(matches(['/'], '/etc')).toBe(false);
    expect(matches(['/'], '')).toBe(false);
  });

  test('ignores repeated slashes, dot steps and trailing slashes', () => {
    for (const path of ['/etc', '/etc/', '//etc', '/./etc', '/etc/.', '/etc//', '/.//etc/./']) {
      expect(matches(['/etc'], path)).toBe(true);
    }
  });

  test('does not match other folders', () => {
    for (const path of ['/etcd', '/etc/ssl', '/.etc', '/var/etc', 'etc', '/etc/..']) {
      expect(matches(['/etc'], path)).toBe(false);
    }
  });

  test('matches below a folder for a /* entry', () => {
    expect(matches(['/proc/*'], '/proc/1/root')).toBe(true);
    expect(matches(['/proc/*'], '//proc/sys/kernel')).toBe(true);
    expect(matches(['/proc/*'], '/proc')).toBe(false);
    expect(matches(['/proc/*'], '/procfs/x')).toBe(false);
  });

  test('matches the start of a name for a * entry', () => {
    expect(matches(['/run/docker*'], '/run/docker.sock')).toBe(true);
    expect(matches(['/run/docker*'], '/run/./docker')).toBe(true);
    expect(matches(['/run/docker*'], '/run/containerd.sock')).toBe(false);
  });

  test('merges entries that share folders', () => {
    const entries = ['/var/run', '/var/run/docker.sock', '/var/run/crio/*', '/var/lib/kubelet', '/'];
    expect(matches(entries, '/var/run')).toBe(true);
    expect(matches(entries, '/var/run/docker.sock')).toBe(true);
    expect(matches(entries, '/var/run/crio/crio.sock')).toBe(true);
    expect(matches(entries, '/var/lib/kubelet/')).toBe(true);
    expect(matches(entries, '/')).toBe(true);
    expect(matches(entries, '/var')).toBe(false);
    expect(matches(entries, '/var/run/other.sock')).toBe(false);
    expect(matches(entries, '/var/lib/cni')).toBe(false);
  });

  test('escapes regex characters in paths', () => {
    expect(matches(['/a.b(c)'], '/a.b(c)')).toBe(true);
    expect(matches(['/a.b(c)'], '/aXb(c)')).toBe(false);
  });

  test('keeps regex and quote characters literal', () => {
    const entries = ['/x|"}\n', '/y)*'];
    expect(matches(entries, '/x|"}\n')).toBe(true);
    expect(matches(entries, '/y)/z')).toBe(true);
    expect(matches(entries, '/x')).toBe(false);
  });

  test('rejects relative paths and empty lists', () => {
    expect(() => hostPathPattern(['etc'])).toThrow('write an absolute path');
    expect(() => hostPathPattern([])).toThrow('at least one path');
  });
});
