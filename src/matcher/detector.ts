import { CompiledLogDetection, LogCompileOptions, LogSourceConfig, compileLogDetection } from '../compiler/logql/compile';
import { compileLineFilters } from '../compiler/logql/lineFilters';
import { Condition, LINE_FIELD } from '../detections/conditions';
import { type LogDetection, resolveTuning } from '../detections/model';
import type { SourceSchema } from '../detections/schemas';
import { FieldReader, evaluate } from './evaluate';
import type { NormalizedEvent } from './events';
import { Finding, eventTime, evidenceText, readEntities } from './findings';
import { LokiJsonLine } from './lokiJson';
import { fieldView, lokiView } from './views';

/**
 * A log detection ready to run in process. It applies the line filters and the condition of
 * the compiled LogQL, so it flags exactly the lines the query selects.
 */
export class PreparedDetection {
  readonly compiled: CompiledLogDetection;
  private readonly condition: Condition;
  private readonly lineTests: Array<(line: string) => boolean>;

  constructor(
    readonly detection: LogDetection,
    private readonly source: LogSourceConfig,
    private readonly options: LogCompileOptions
  ) {
    this.compiled = compileLogDetection(detection, source, options);
    this.condition = detection.condition(resolveTuning(detection, options.tuning));
    this.lineTests = compileLineFilters(this.compiled.lineFilters);
  }

  matches(event: NormalizedEvent): boolean {
    if (event.telemetry !== this.detection.telemetry) {
      return false;
    }
    for (const test of this.lineTests) {
      if (!test(event.line)) {
        return false;
      }
    }
    const read = this.reader(event);
    // A line that `| json` cannot read gets __error__, and the compiled query drops it.
    return read !== undefined && evaluate(this.condition, event.event, this.options.maxArrayElements, read);
  }

  /**
   * Builds the finding for an event this detection matched. The metric query extracts the entity
   * fields with `| json` when the schema stores them in JSON, even where the condition reads no
   * JSON field, so the entities are then read from the line as Loki reads them.
   */
  finding(event: NormalizedEvent): Finding {
    const jsonLine = this.entitiesInJson ? parsedLine(event) : undefined;
    const read = jsonLine ? this.lineReader(event, jsonLine) : this.reader(event);
    return buildFinding(this.detection, event.event, this.source.schema, read);
  }

  private get entitiesInJson(): boolean {
    const { schema } = this.source;
    return Object.values(schema.entities).some((rule) => rule?.paths.some((path) => schema.resolve(path)?.kind === 'json'));
  }

  /**
   * Returns how the compiled query reads the event's fields: from the stored line, as Loki's
   * `| json` stage reads it, when the query parses JSON, and from the event otherwise (stream
   * labels and the line of Falco's text format). LINE_FIELD reads the line itself, as
   * `label_format` copies it. Undefined when `| json` fails on the line.
   */
  private reader(event: NormalizedEvent): FieldReader | undefined {
    if (this.compiled.extractions.length === 0) {
      return (path) => (path === LINE_FIELD ? event.line : fieldView(event.event, path));
    }
    const line = parsedLine(event);
    return line ? this.lineReader(event, line) : undefined;
  }

  private lineReader(event: NormalizedEvent, line: LokiJsonLine): FieldReader {
    return (path) => (path === LINE_FIELD ? event.line : line.view(path));
  }
}

/** Parses an event's line for Loki views once; undefined when `| json` fails on it. */
function parsedLine(event: NormalizedEvent): LokiJsonLine | undefined {
  let line = parsedLines.get(event);
  if (line === undefined) {
    // normalizeEvent builds every line from text that JSON.parse read, or with JSON.stringify.
    line = LokiJsonLine.parse(event.line, { validated: true }) ?? null;
    parsedLines.set(event, line);
  }
  return line ?? undefined;
}

/** Lines already parsed for Loki views, shared by every detection that reads the same event. */
const parsedLines = new WeakMap<NormalizedEvent, LokiJsonLine | null>();

/** Builds a finding from an event; entity schemas are read in their JSON form, through `read` when given. */
export function buildFinding(detection: LogDetection, event: Record<string, unknown>, schema: SourceSchema, read?: FieldReader): Finding {
  const evidence: Record<string, string> = {};
  for (const field of detection.evidence) {
    const text = evidenceText(event, field);
    if (text !== '') {
      evidence[field.label] = text;
    }
  }
  const auditID = lokiView(event.auditID);
  const stage = lokiView(event.stage);
  return {
    time: eventTime(event),
    detection: detection.id,
    title: detection.title,
    severity: detection.severity,
    technique: detection.technique.id,
    tactic: detection.technique.tactic.name,
    ...readEntities(event, schema, read),
    evidence,
    ...(auditID ? { auditID } : {}),
    ...(stage ? { stage } : {}),
  };
}
