import { DataFrame, DataFrameView, Field } from '@grafana/data';
import type { LogTelemetry } from '../detections/telemetry';
import { falcoEventFromLoki } from '../matcher/falcoText';
import { EventReader, LokiEntry, readJsonLine } from '../matcher/logFindings';
import type { CordonSettings } from '../settings';

/**
 * Field names of a Loki log frame in Grafana 12: the classic shape (`labels`, `Time`, `Line`,
 * `tsNs`, `id`) and the dataplane shape of the lokiLogsDataplane feature toggle (`attributes`,
 * `timestamp`, `body`, `id`).
 */
const LABEL_FIELDS = ['labels', 'attributes'];
const TIME_FIELDS = ['Time', 'timestamp'];
const LINE_FIELDS = ['Line', 'body'];

function findField(frame: DataFrame, names: string[]): Field | undefined {
  return frame.fields.find((field) => names.includes(field.name));
}

/** Reads the entries of Loki log frames; frames without a line field (metric frames) give none. */
export function readLokiEntries(frames: readonly DataFrame[]): LokiEntry[] {
  const entries: LokiEntry[] = [];
  for (const frame of frames) {
    const lineField = findField(frame, LINE_FIELDS);
    if (!lineField) {
      continue;
    }
    const labelsName = findField(frame, LABEL_FIELDS)?.name;
    const timeField = findField(frame, TIME_FIELDS);
    const view = new DataFrameView<Record<string, unknown>>(frame);
    for (let index = 0; index < view.length; index++) {
      const row = view.get(index);
      entries.push({
        labels: readLabels(labelsName ? row[labelsName] : undefined),
        line: String(row[lineField.name] ?? ''),
        timeNs: readTimeNs(row.tsNs, timeField, index),
      });
    }
  }
  return entries;
}

/** Labels arrive as a plain object; older responses and some transformations carry a JSON string. */
function readLabels(value: unknown): Record<string, string> {
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return {};
  }
  return Object.fromEntries(Object.entries(object).map(([name, label]) => [name, String(label)]));
}

/** Reads the entry time in ns: `tsNs` when present, else the time field in ms plus its `nanos`. */
function readTimeNs(tsNs: unknown, timeField: Field | undefined, index: number): string {
  if (typeof tsNs === 'string' && /^[0-9]+$/.test(tsNs)) {
    return tsNs;
  }
  const raw: unknown = timeField?.values[index];
  let millis = NaN;
  if (typeof raw === 'number') {
    millis = raw;
  } else if (typeof raw === 'string') {
    millis = Date.parse(raw);
  }
  if (!Number.isFinite(millis)) {
    return '';
  }
  const nanos = timeField?.nanos?.[index] ?? 0;
  return (BigInt(Math.trunc(millis)) * BigInt(1_000_000) + BigInt(nanos)).toString();
}

/** Chooses how a line of one kind of telemetry becomes an event, by the configured Falco format. */
export function eventReader(telemetry: LogTelemetry, settings: CordonSettings): EventReader {
  if (telemetry === 'falco' && settings.falcoFormat === 'text') {
    return (entry) => falcoEventFromLoki(entry.labels, entry.line, settings.falcoLabels);
  }
  return readJsonLine;
}
