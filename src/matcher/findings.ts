import type { Detection, EvidenceField } from '../detections/model';
import { getPath, parsePath } from '../detections/paths';
import { SourceSchema, valueByPrefix } from '../detections/schemas';
import type { EntityField } from '../detections/telemetry';
import { lokiView } from './views';

/** One detection firing on one event (log) or one series (metric). */
export interface Finding {
  /** ISO 8601 time of the event, or "" when the event has none. */
  time: string;
  detection: string;
  title: string;
  severity: Detection['severity'];
  technique: string;
  tactic: string;
  namespace: string;
  pod: string;
  container: string;
  image: string;
  user: string;
  node: string;
  /** The object acted on, for audit events: resource and name. */
  resource: string;
  name: string;
  /** For audit events, allowed, denied or failed by the response code, and "" when the event has none. */
  outcome: string;
  evidence: Record<string, string>;
  /** Audit ID, used to merge the stages of one request. */
  auditID?: string;
  stage?: string;
}

const EMPTY_ENTITIES: Record<EntityField, string> = { namespace: '', pod: '', container: '', image: '', user: '', node: '', resource: '', name: '', outcome: '' };

/** Reads all values at a path where `[*]` stands for every element of an array. */
export function collectValues(event: unknown, path: string): string[] {
  const parts = path.split('[*]');
  let current: unknown[] = [event];
  parts.forEach((part, index) => {
    const trimmed = part.startsWith('.') ? part.slice(1) : part;
    const next: unknown[] = [];
    for (const value of current) {
      const found = trimmed === '' ? value : getPath(value, parsePath(trimmed));
      if (index < parts.length - 1) {
        if (Array.isArray(found)) {
          next.push(...found);
        }
      } else {
        next.push(found);
      }
    }
    current = next;
  });
  return current.map(lokiView).filter((value) => value !== '');
}

/** Reads the entity fields of an event by the schema's rules; `read` gives field views, by default from the parsed event. */
export function readEntities(
  event: unknown,
  schema: SourceSchema,
  read: (path: string) => string = (path) => lokiView(getPath(event, parsePath(path)))
): Record<EntityField, string> {
  const entities = { ...EMPTY_ENTITIES };
  for (const [entity, rule] of Object.entries(schema.entities) as Array<[EntityField, NonNullable<SourceSchema['entities'][EntityField]>]>) {
    if (rule.when && read(rule.when.field) !== rule.when.equals) {
      continue;
    }
    for (const path of rule.paths) {
      const value = read(path);
      if (value !== '') {
        entities[entity] = rule.byPrefix ? valueByPrefix(value, rule.byPrefix) : value;
        break;
      }
    }
  }
  return entities;
}

/** Builds the text of one evidence field of an event; "" when the event has none of its values. */
export function evidenceText(event: unknown, field: EvidenceField): string {
  const values = field.paths.map((path) => collectValues(event, path));
  return field.format ? field.format(values) : values.flat().join(', ');
}

/** Normalizes the time formats seen in audit, Falco, Docker and cloud records to ISO 8601. */
export function eventTime(event: Record<string, unknown>): string {
  const candidates = [event.stageTimestamp, event.requestReceivedTimestamp, event.timestamp, event.time, event.timeNano];
  for (const candidate of candidates) {
    const iso = toIso(candidate);
    if (iso) {
      return iso;
    }
  }
  return '';
}

function toIso(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Docker writes `time` in seconds and `timeNano` in nanoseconds.
    const millis = value > 1e15 ? value / 1e6 : value * 1000;
    return new Date(millis).toISOString();
  }
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  // Falco and the API server write nanoseconds, which Date drops; keep them as written.
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) {
    return value;
  }
  // Panther's cloud records use "2024-02-13 12:45:06.073", in UTC.
  const normalized = /^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}` : value;
  const parsed = Date.parse(normalized);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

const STAGE_ORDER = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** Whether `candidate` carries more of the request than `current`: a later audit stage. */
export function isLaterStage(candidate: Finding, current: Finding): boolean {
  return STAGE_ORDER.indexOf(candidate.stage ?? '') > STAGE_ORDER.indexOf(current.stage ?? '');
}
