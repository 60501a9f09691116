import { anchored } from '../../../compiler/regex';
import { hostPathPattern } from './hostPaths';
import { SENSITIVE_HOST_PATHS } from './sensitiveHostPath';

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
    expect(matches(entries, '/var/run/other.sock')).toBe(false);
    expect(matches(entries, '/var/lib/cni')).toBe(false);
  });

  test('matches the folders above an entry', () => {
    for (const path of ['/', '/var', '/var/lib/', '//var/./lib/kubelet', '/var/lib/kubelet/pki']) {
      expect(matches(['/var/lib/kubelet/pki'], path)).toBe(true);
    }
    expect(matches(['/proc/*'], '/proc')).toBe(true);
    expect(matches(['/run/docker*'], '/run')).toBe(true);
    for (const path of ['/var/log', '/var/lib/cni', '/varx', '/var/lib/kubeletx']) {
      expect(matches(['/var/lib/kubelet/pki'], path)).toBe(false);
    }
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

describe('SENSITIVE_HOST_PATHS', () => {
  const sensitive = (path: string) => anchored(hostPathPattern(SENSITIVE_HOST_PATHS)).test(path);

  test('covers files and folders that run code or grant logins', () => {
    const paths = [
      '/etc/ld.so.preload',
      '/etc/passwd',
      '/etc/ssh',
      '/etc/cron.hourly',
      '/etc/cron.daily',
      '/etc/cron.weekly',
      '/etc/cron.monthly',
      '/var/spool/cron',
      '/usr/lib/systemd/system',
      '/lib/systemd/system',
      '/opt/cni/bin',
      '/usr/bin',
      '/bin',
      '/sbin',
      '/usr/sbin',
      '/usr/local/bin',
      '/lib/modules',
    ];
    for (const path of paths) {
      expect([path, sensitive(path)]).toEqual([path, true]);
    }
  });

  test('covers devices, kernel interfaces, kubelet pods and etcd', () => {
    for (const path of ['/dev', '/dev/sda', '/dev/nvme0n1', '/dev/mapper/root', '/sys', '/var/lib/kubelet/pods', '/var/lib/kubelet/pods/1f2e/volumes', '/var/lib/etcd']) {
      expect([path, sensitive(path)]).toEqual([path, true]);
    }
  });

  test('covers the sockets of k3s, MicroK8s, cri-dockerd and Podman', () => {
    const paths = [
      '/run/k3s/containerd/containerd.sock',
      '/var/snap/microk8s/common/run/containerd.sock',
      '/run/cri-dockerd.sock',
      '/var/run/cri-dockerd.sock',
      '/run/podman/podman.sock',
      '/var/run/podman/podman.sock',
    ];
    for (const path of paths) {
      expect([path, sensitive(path)]).toEqual([path, true]);
    }
  });

  test('leaves out folders that node agents mount by design', () => {
    for (const path of ['/var/log', '/var/log/pods', '/var/lib/docker/containers', '/var/lib/kubelet/plugins', '/etc/cni/net.d', '/dev/kmsg', '/sys/fs/cgroup', '/etc/localtime']) {
      expect([path, sensitive(path)]).toEqual([path, false]);
    }
  });
});
