/** @jest-environment node */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CASES_DIR } from './emulate';
import { scenarioTuningNotice } from './emulateCommand';
import { resolveSettings } from '../settings';

const ROOT = path.resolve(__dirname, '..', '..');

describe('emulate attack library', () => {
  test('ships in the npm package', () => {
    // `emulate` reads its cases from the package, so a published package without them fails at once.
    const { files } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const casesDir = path.relative(ROOT, DEFAULT_CASES_DIR).split(path.sep).join('/');
    expect(files).toContain(casesDir);
  });
});

describe('scenarioTuningNotice', () => {
  test('prints settings the app accepts', () => {
    const [intro, snippet] = scenarioTuningNotice().trimEnd().split('\n');
    expect(intro).toContain('The benign twins stay silent only with this tuning');
    const settings = resolveSettings(JSON.parse(snippet));
    expect(settings.tuning['container-without-pod']).toEqual({ trustedNames: ['kube-proxy'] });
    expect(settings.tuning['image-never-seen']).toEqual({ trustedRegistries: ['registry.k8s.io', 'registry.example.com/shop'] });
  });

  test('leaves out detections without tuning', () => {
    expect(scenarioTuningNotice()).not.toContain('container-egress-above-baseline');
  });
});
