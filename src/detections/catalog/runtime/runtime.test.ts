import { compileLogDetection } from '../../../compiler/logql/compile';
import { anchored } from '../../../compiler/regex';
import { PreparedDetection } from '../../../matcher/detector';
import { NormalizedEvent, normalizeEvent } from '../../../matcher/events';
import { DEFAULT_SETTINGS, logSource } from '../../../settings';
import { parseLogQL } from '../../../testing/queryParsers';
import type { LogDetection, TuningValues } from '../../model';
import { dockerExecInContainer } from './execInContainer';
import { hasTagOrDigest, imageReferencePattern } from './imageReference';
import { RUNTIME_DETECTIONS } from './index';
import { dockerUnmanagedContainer } from './unmanagedContainer';

/** Values that would break a query if they were spliced into it unquoted. */
const HOSTILE_VALUES = ['say "hi"', 'back\\slash', 'a|b', 'close)', '"}', 'two\nlines', '{{ .Action }}', '`tick`', '.*', '${x}'];

function compile(detection: LogDetection, tuning?: TuningValues) {
  return compileLogDetection(detection, logSource(DEFAULT_SETTINGS, 'runtime'), { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements, tuning });
}

function prepare(detection: LogDetection, tuning: TuningValues = {}) {
  return new PreparedDetection(detection, logSource(DEFAULT_SETTINGS, 'runtime'), { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements, tuning });
}

/** Builds a Docker container event as `docker events --format '{{json .}}'` prints it (Docker 29). */
function dockerEvent(action: string, attributes: Record<string, string>): NormalizedEvent {
  const value = {
    Type: 'container',
    Action: action,
    Actor: { ID: '0b5e9c7d3a1f', Attributes: attributes },
    scope: 'local',
    time: 1796036400,
    timeNano: 1796036400123456789,
  };
  const event = normalizeEvent(value);
  if ('unmapped' in event) {
    throw new Error(event.unmapped);
  }
  return event;
}

describe.each(RUNTIME_DETECTIONS.map((detection) => [detection.id, detection] as const))('%s', (_id, detection) => {
  test('compiles to valid LogQL', () => {
    const compiled = compile(detection);
    expect(parseLogQL(compiled.logQuery).errors).toEqual([]);
    expect(parseLogQL(compiled.metricQuery).errors).toEqual([]);
  });

  test.each(detection.tuning.map((parameter) => parameter.name))('keeps the query shape with hostile %s', (name) => {
    const baseline = compile(detection, { [name]: ['registry.example.com/plain'] });
    const hostile = compile(detection, { [name]: HOSTILE_VALUES });
    expect(parseLogQL(hostile.logQuery).errors).toEqual([]);
    expect(parseLogQL(hostile.logQuery).shape).toBe(parseLogQL(baseline.logQuery).shape);
    expect(parseLogQL(hostile.metricQuery).shape).toBe(parseLogQL(baseline.metricQuery).shape);
  });

  test.each(detection.tuning.map((parameter) => parameter.name))('ignores empty entries of %s', (name) => {
    expect(compile(detection, { [name]: ['', ''] }).logQuery).toBe(compile(detection).logQuery);
  });
});

describe('imageReferencePattern', () => {
  const matches = (images: string[], image: string) => anchored(imageReferencePattern(images)).test(image);
  const digest = `@sha256:${'a'.repeat(64)}`;

  test('matches every tag and digest of an untagged entry', () => {
    expect(matches(['registry.example.com/ci/runner'], 'registry.example.com/ci/runner')).toBe(true);
    expect(matches(['registry.example.com/ci/runner'], 'registry.example.com/ci/runner:17.3')).toBe(true);
    expect(matches(['registry.example.com/ci/runner'], `registry.example.com/ci/runner${digest}`)).toBe(true);
    expect(matches(['registry.example.com/ci/runner'], `registry.example.com/ci/runner:17.3${digest}`)).toBe(true);
  });

  test('does not extend an entry to other repositories', () => {
    expect(matches(['registry.example.com/ci/runner'], 'registry.example.com/ci/runner-evil')).toBe(false);
    expect(matches(['registry.example.com/ci/runner'], 'registry.example.com/ci/runner/evil:1')).toBe(false);
    expect(matches(['nginx'], 'docker.io/library/nginx')).toBe(false);
    expect(matches(['registry.example.com/ci/runner'], 'registry.example.com/ci/runner:1 x')).toBe(false);
  });

  test('matches a tagged entry exactly', () => {
    expect(matches(['nginx:1.27'], 'nginx:1.27')).toBe(true);
    expect(matches(['nginx:1.27'], 'nginx:1.27.1')).toBe(false);
    expect(matches(['nginx:1.27'], 'nginx')).toBe(false);
  });

  test('reads a registry port as part of the repository', () => {
    expect(hasTagOrDigest('localhost:5000/tools/scanner')).toBe(false);
    expect(hasTagOrDigest('localhost:5000/tools/scanner:2')).toBe(true);
    expect(matches(['localhost:5000/tools/scanner'], 'localhost:5000/tools/scanner:2')).toBe(true);
  });

  test('escapes regex syntax in entries', () => {
    expect(matches(['a.b'], 'axb')).toBe(false);
    expect(matches(['a|b:1'], 'a')).toBe(false);
  });

  test('rejects an empty list', () => {
    expect(() => imageReferencePattern([])).toThrow(/at least one image reference/);
  });
});

describe('docker-exec-in-container tuning', () => {
  const exec = dockerEvent('exec_start: sh ', { image: 'registry.example.com/shop/checkout:2.4.1', name: 'checkout', execID: 'e1' });
  const healthCheck = dockerEvent('exec_start: /bin/sh -c curl -f http://localhost/ || exit 1', { image: 'nginx:1.27', name: 'web', execID: 'e2' });

  test('fires on an exec by default', () => {
    expect(prepare(dockerExecInContainer).matches(exec)).toBe(true);
    expect(prepare(dockerExecInContainer).matches(healthCheck)).toBe(true);
  });

  test('skips trusted container names', () => {
    expect(prepare(dockerExecInContainer, { trustedContainerNames: ['checkout'] }).matches(exec)).toBe(false);
  });

  test('skips every tag of a trusted image', () => {
    expect(prepare(dockerExecInContainer, { trustedImages: ['registry.example.com/shop/checkout'] }).matches(exec)).toBe(false);
  });

  test('skips trusted commands with or without the trailing space', () => {
    expect(prepare(dockerExecInContainer, { trustedCommands: ['sh'] }).matches(exec)).toBe(false);
    expect(prepare(dockerExecInContainer, { trustedCommands: ['sh '] }).matches(exec)).toBe(false);
    expect(prepare(dockerExecInContainer, { trustedCommands: ['/bin/sh -c curl -f http://localhost/ || exit 1'] }).matches(healthCheck)).toBe(false);
  });

  test('keeps other commands when one is trusted', () => {
    expect(prepare(dockerExecInContainer, { trustedCommands: ['sh'] }).matches(healthCheck)).toBe(true);
    expect(prepare(dockerExecInContainer, { trustedCommands: ['s'] }).matches(exec)).toBe(true);
  });
});

describe('docker-unmanaged-container tuning', () => {
  const compose = dockerEvent('start', {
    image: 'postgres:16',
    name: 'ci-db-1',
    'com.docker.compose.project': 'ci',
    'com.docker.compose.service': 'db',
  });
  const miner = dockerEvent('start', { image: 'docker.io/attacker/xmrig:6.21', name: 'systemd-journal-helper' });

  test('fires on a Compose service that is not trusted', () => {
    expect(prepare(dockerUnmanagedContainer).matches(compose)).toBe(true);
  });

  test('skips a trusted Compose project and keeps others', () => {
    const prepared = prepare(dockerUnmanagedContainer, { trustedComposeProjects: ['ci'] });
    expect(prepared.matches(compose)).toBe(false);
    expect(prepared.matches(miner)).toBe(true);
  });

  test('skips trusted images and names', () => {
    expect(prepare(dockerUnmanagedContainer, { trustedImages: ['docker.io/attacker/xmrig'] }).matches(miner)).toBe(false);
    expect(prepare(dockerUnmanagedContainer, { trustedContainerNames: ['systemd-journal-helper'] }).matches(miner)).toBe(false);
  });

  test('stays silent on a kubelet-managed container', () => {
    const pod = dockerEvent('start', { image: 'registry.k8s.io/pause:3.10', name: 'k8s_POD_web_default_1_0', 'io.kubernetes.pod.name': 'web' });
    expect(prepare(dockerUnmanagedContainer).matches(pod)).toBe(false);
  });
});
