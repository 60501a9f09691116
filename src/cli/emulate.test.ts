/** @jest-environment node */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CASES_DIR } from './emulate';

const ROOT = path.resolve(__dirname, '..', '..');

describe('emulate attack library', () => {
  test('ships in the npm package', () => {
    // `emulate` reads its cases from the package, so a published package without them fails at once.
    const { files } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const casesDir = path.relative(ROOT, DEFAULT_CASES_DIR).split(path.sep).join('/');
    expect(files).toContain(casesDir);
  });
});
