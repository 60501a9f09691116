import { promises as fs } from 'node:fs';
import { CordonSettings, DEFAULT_SETTINGS, resolveSettings } from '../settings';

/**
 * Loads settings for the command line: a JSON file holding the app's jsonData (the same fields
 * the configuration page saves), merged over the defaults and checked.
 */
export async function loadSettings(file: string | undefined): Promise<CordonSettings> {
  if (file === undefined) {
    return resolveSettings(undefined);
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the settings file ${file}: ${(error as Error).message}.`);
  }
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch (error) {
    throw new Error(`Invalid settings file ${file}: not JSON (${(error as Error).message}). It contains the app's jsonData, for example {"auditSelector": "{job=\\"audit\\"}"}.`);
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    throw new Error(`Invalid settings file ${file}: expected a JSON object of settings.`);
  }
  const known = new Set([...Object.keys(DEFAULT_SETTINGS), 'lokiUid', 'prometheusUid']);
  const unknown = Object.keys(stored).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`Invalid settings file ${file}: unknown setting(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')}; known settings are ${[...known].join(', ')}.`);
  }
  try {
    return resolveSettings(stored as Partial<CordonSettings>);
  } catch (error) {
    throw new Error(`Invalid settings file ${file}: ${(error as Error).message}`);
  }
}
