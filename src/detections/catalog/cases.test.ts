import { loadCases, prepareForFiles } from '../../testing/cases';
import { LOG_DETECTIONS } from './index';

describe.each(LOG_DETECTIONS.map((detection) => [detection.id, detection] as const))('%s', (_id, detection) => {
  const cases = loadCases(detection.id);
  const prepared = prepareForFiles(detection);

  test('has an attack case and a benign look-alike', () => {
    expect(cases.filter((entry) => entry.expect === 'fire').length).toBeGreaterThan(0);
    expect(cases.filter((entry) => entry.expect === 'silent').length).toBeGreaterThan(0);
  });

  test.each(cases.map((entry) => [entry.file.split('/').pop(), entry] as const))('%s', (_name, entry) => {
    const fired = entry.events.some((event) => prepared.matches(event));
    expect(fired).toBe(entry.expect === 'fire');
  });
});
