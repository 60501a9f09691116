import { anchored } from '../../../compiler/regex';
import { containerPointers, podSpecPointers, reachingPointerPattern } from './podSpec';

describe('reachingPointerPattern', () => {
  const reaches = (pointers: string[], path: string) => anchored(reachingPointerPattern(pointers)).test(path);
  const privileged = containerPointers(['securityContext/privileged']);

  test('matches the field and every step above it', () => {
    const paths = [
      '/spec/template/spec/containers/0/securityContext/privileged',
      '/spec/template/spec/containers/0/securityContext',
      '/spec/template/spec/initContainers/-',
      '/spec/template/spec/containers',
      '/spec/template',
      '/spec',
      '/spec/containers/-1/securityContext',
      '/spec/ephemeralContainers/0',
      '/spec/jobTemplate/spec/template/spec/containers/2',
    ];
    for (const path of paths) {
      expect([path, reaches(privileged, path)]).toEqual([path, true]);
    }
  });

  test('matches whole-object paths and text before the first slash', () => {
    // evanphx/json-patch ignores what comes before the first "/" of a path.
    for (const path of ['', 'x', 'junk/spec/template/spec/containers/0/securityContext']) {
      expect([path, reaches(privileged, path)]).toEqual([path, true]);
    }
  });

  test('does not match other fields', () => {
    const paths = [
      '/metadata/labels/app',
      '/spec/template/spec/containers/0/image',
      '/spec/template/spec/containers/0/securityContext/runAsUser',
      '/spec/template/spec/securityContext',
      '/spec/template/spec/volumes/0',
      '/spec/template/metadata',
    ];
    for (const path of paths) {
      expect([path, reaches(privileged, path)]).toEqual([path, false]);
    }
  });

  test('builds pod spec pointers for every root', () => {
    expect(podSpecPointers(['hostPID'])).toEqual(['/spec/hostPID', '/spec/template/spec/hostPID', '/spec/jobTemplate/spec/template/spec/hostPID']);
    expect(containerPointers(['image'])).toContain('/spec/ephemeralContainers/*/image');
    expect(containerPointers(['image'])).not.toContain('/spec/template/spec/ephemeralContainers/*/image');
  });
});
