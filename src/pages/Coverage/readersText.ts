import type { PresenceResult } from './runPresenceChecks';

/**
 * Writes the sentence before a source's list of detections: how many read it and, once the check
 * has run, whether they have their data. Undefined status means the check is still running,
 * so the sentence makes no claim about blindness yet.
 */
export function readersSentence(count: number, status: PresenceResult['status'] | undefined): string {
  if (count === 0) {
    return 'No detection reads this source yet.';
  }
  const singular = count === 1;
  const readers = `${count} ${singular ? 'detection reads' : 'detections read'} this source`;
  if (status === undefined) {
    return `${readers}: `;
  }
  if (status === 'receiving') {
    return `${readers} and ${singular ? 'has its' : 'have their'} data: `;
  }
  return `${readers} and ${singular ? 'is' : 'are'} blind until it arrives: `;
}

/** Names the sources that are not receiving data with the number of detections each blinds, or '' when none. */
export function blindSourcesSentence(blind: ReadonlyArray<{ name: string; readers: number }>): string {
  const named = blind
    .filter((source) => source.readers > 0)
    .map((source) => `${source.name} (${source.readers} ${source.readers === 1 ? 'detection' : 'detections'})`);
  return named.length === 0 ? '' : `Without data: ${named.join(', ')}.`;
}
