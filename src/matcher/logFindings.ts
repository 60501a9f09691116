import type { LogSourceConfig } from '../compiler/logql/compile';
import type { LogDetection } from '../detections/model';
import { buildFinding } from './detector';
import type { Finding } from './findings';
import { StageIndex, mergeStages } from './mergeStages';

/** One log entry as Loki returns it: stream and parsed labels, the line, and its time in ns. */
export interface LokiEntry {
  labels: Record<string, string>;
  line: string;
  timeNs: string;
}

/** Rebuilds the event of a Loki line for a telemetry; throws when the line cannot be read. */
export type EventReader = (entry: LokiEntry) => Record<string, unknown>;

export interface LogFindingsResult {
  findings: Finding[];
  /** Lines Loki returned that could not be read as events, with the reason of the first. */
  unreadable: number;
  firstError?: string;
}

/** Reads a JSON line; audit events, Docker events and Falco's JSON alerts are stored this way. */
export const readJsonLine: EventReader = (entry) => {
  const value: unknown = JSON.parse(entry.line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('the line is JSON but not an object');
  }
  return value as Record<string, unknown>;
};

/**
 * Builds the findings of a detection from the entries its log query returned, merging the
 * stages of one audited request as the scanner does. The event time comes from the event;
 * when it has none, from Loki's entry time.
 */
export function logFindings(detection: LogDetection, source: LogSourceConfig, entries: readonly LokiEntry[], read: EventReader): LogFindingsResult {
  const findings: Finding[] = [];
  const byRequest: StageIndex = new Map();
  let unreadable = 0;
  let firstError: string | undefined;
  for (const entry of entries) {
    let event: Record<string, unknown>;
    try {
      event = read(entry);
    } catch (error) {
      unreadable++;
      firstError ??= (error as Error).message;
      continue;
    }
    const finding = buildFinding(detection, event, source.schema);
    if (finding.time === '') {
      finding.time = nsToIso(entry.timeNs);
    }
    mergeStages(findings, byRequest, finding);
  }
  return { findings, unreadable, firstError };
}

/** Converts a nanosecond epoch string to ISO 8601 with millisecond precision. */
export function nsToIso(timeNs: string): string {
  if (!/^[0-9]+$/.test(timeNs)) {
    return '';
  }
  return new Date(Number(BigInt(timeNs) / BigInt(1_000_000))).toISOString();
}
