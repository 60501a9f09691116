/** @jest-environment node */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CATALOG } from '../detections/catalog';
import { catalogMarkdown } from './catalogMarkdown';

describe('docs/detections.md', () => {
  test('matches the catalog', () => {
    const checkedIn = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'detections.md'), 'utf8');
    if (checkedIn !== catalogMarkdown(CATALOG)) {
      throw new Error('docs/detections.md is out of date; regenerate it with: npx cordon export catalog -o docs/detections.md');
    }
  });

  test('lists every detection with its technique', () => {
    const markdown = catalogMarkdown(CATALOG);
    for (const detection of CATALOG) {
      expect(markdown).toContain(`## ${detection.id}`);
      expect(markdown).toContain(detection.technique.id);
    }
  });
});
