import { CompiledLogDetection, LogCompileOptions, LogSourceConfig, compileLogDetection } from '../compiler/logql/compile';
import { compileLineFilters } from '../compiler/logql/lineFilters';
import type { Condition } from '../detections/conditions';
import type { LogDetection } from '../detections/model';
import { resolveTuning } from '../detections/model';
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

  /** Builds the finding for an event this detection matched. */
  finding(event: NormalizedEvent): Finding {
    return buildFinding(this.detection, event.event, this.source.schema, this.reader(event));
  }

  /**
   * Returns how the compiled query reads the event's fields: from the stored line, as Loki's
   * `| json` stage reads it, when the query parses JSON, and from the event otherwise (stream
   * labels and the line of Falco's text format). Undefined when `| json` fails on the line.
   */
  private reader(event: NormalizedEvent): FieldReader | undefined {
    if (this.compiled.extractions.length === 0) {
      return (path) => fieldView(event.event, path);
    }
    let line = parsedLines.get(event);
    if (line === undefined) {
      // normalizeEvent builds every line from text that JSON.parse read, or with JSON.stringify.
      line = LokiJsonLine.parse(event.line, { validated: true }) ?? null;
      parsedLines.set(event, line);
    }
    return line ? (path) => line.view(path) : undefined;
  }
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
