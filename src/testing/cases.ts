import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LogDetection } from '../detections/model';
import { PreparedDetection } from '../matcher/detector';
import { NormalizedEvent, normalizeEvent } from '../matcher/events';
import { DEFAULT_SETTINGS, logSource } from '../settings';

/** Test helper: the folder of per-detection cases, test/cases/<detection id>/. */
export const CASES_DIR = path.resolve(__dirname, '..', '..', 'test', 'cases');

export interface DetectionCase {
  file: string;
  expect: 'fire' | 'silent';
  events: NormalizedEvent[];
}

/** Reads attack-*.json (expected to fire) and benign-*.json (expected to stay silent) of a detection. */
export function loadCases(detectionId: string): DetectionCase[] {
  const folder = path.join(CASES_DIR, detectionId);
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder)
    .filter((file) => /^(attack|benign)-.*\.jsonl?$/.test(file))
    .sort()
    .map((file) => ({
      file: path.join(folder, file),
      expect: file.startsWith('attack-') ? 'fire' : 'silent',
      events: readEvents(path.join(folder, file)),
    }));
}

/** Reads a file of one JSON event, or JSON Lines, into normalized events; throws on anything else. */
export function readEvents(file: string): NormalizedEvent[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const values: Array<{ value: unknown; raw?: string }> = (() => {
    try {
      return lines.map((line) => ({ value: JSON.parse(line), raw: line }));
    } catch {
      return [{ value: JSON.parse(text) }];
    }
  })();
  return values.map(({ value, raw }) => {
    const event = normalizeEvent(value, raw);
    if ('unmapped' in event) {
      throw new Error(`${file}: ${event.unmapped}`);
    }
    return event;
  });
}

/** Prepares a detection the way `cordon scan` does: default settings, Falco read as JSON. */
export function prepareForFiles(detection: LogDetection): PreparedDetection {
  const settings = { ...DEFAULT_SETTINGS, falcoFormat: 'json' as const };
  return new PreparedDetection(detection, logSource(settings, detection.telemetry), { maxArrayElements: settings.maxArrayElements });
}
