import { type LogDetection, type TuningValues, resolveTuning } from '../../detections/model';
import type { EntityField } from '../../detections/telemetry';
import type { EntityRule, SourceSchema } from '../../detections/schemas';
import { quoteString } from '../quote';
import { FieldTable, LINE_LABEL } from './fields';
import { ELEMENT_SEPARATOR, FIELD_SEPARATOR } from './elementJoin';
import { compileFilter } from './filter';
import { LineFilter, TOKEN_ESCAPE, deriveLineFilters } from './lineFilters';
import { LabelMatcher, formatSelector } from './selector';
import { Condition, all } from '../../detections/conditions';
import { escapeRegex, literalAlternation } from '../regex';

/** The stream selector and field schema of one kind of log telemetry, taken from the app settings. */
export interface LogSourceConfig {
  selector: LabelMatcher[];
  schema: SourceSchema;
}

export interface LogCompileOptions {
  /** Elements of each array that a query inspects; a longer array counts as a match. */
  maxArrayElements: number;
  tuning?: TuningValues;
}

/** Every output of compiling one log detection for one source. */
export interface CompiledLogDetection {
  logQuery: string;
  metricQuery: string;
  /** Alert and finding labels that the metric query groups by. */
  groupBy: EntityField[];
  lineFilters: LineFilter[];
  /** The `| json` expressions, for tests and the detection page. */
  extractions: Array<{ label: string; path: string }>;
}

export const DEFAULT_WINDOW = '5m';

/** LogQL's parser rejects a query of this many bytes or more (Loki 3.7.6, pkg/logql/syntax/parser.go, maxInputSize). */
export const MAX_QUERY_BYTES = 131072;

function formatLineFilter(filter: LineFilter): string {
  if (filter.orEscaped) {
    // Both branches of a LogQL line filter `or` take the first operator, so a text becomes its regex.
    const pattern = filter.kind === 'contains' ? escapeRegex(filter.text) : filter.pattern;
    return `|~ ${quoteString(pattern)} or ${quoteString(TOKEN_ESCAPE)}`;
  }
  return filter.kind === 'contains' ? `|= ${quoteString(filter.text)}` : `|~ ${quoteString(filter.pattern)}`;
}

function formatJsonStage(extractions: Array<{ label: string; path: string }>): string {
  return `| json ${extractions.map(({ label, path }) => `${label}=${quoteString(path)}`).join(', ')}`;
}

/**
 * Builds a Go template that yields the entity's value: the first non-empty field, optionally
 * only when a guard field has a given value. With byPrefix, the value of the first entry whose
 * prefix starts the field replaces it, through hasPrefix, a Sprig function that Loki 3.7.6
 * provides (pkg/logql/log/fmt.go). A missing label reads as "", because Loki runs label
 * templates with missingkey=zero.
 */
function entityTemplate(labels: string[], guard?: { label: string; equals: string }, byPrefix?: EntityRule['byPrefix']): string {
  const references = labels.map((label) => `.${label}`);
  let value: string;
  if (byPrefix) {
    value = prefixTemplate(references.length === 1 ? references[0] : `(or ${references.join(' ')})`, byPrefix);
  } else {
    value = references.length === 1 ? `{{ ${references[0]} }}` : `{{ or ${references.join(' ')} }}`;
  }
  if (!guard) {
    return value;
  }
  return `{{ if eq .${guard.label} ${quoteString(guard.equals)} }}${value}{{ end }}`;
}

function prefixTemplate(operand: string, entries: NonNullable<EntityRule['byPrefix']>): string {
  if (entries.length === 0) {
    throw new Error('An entity rule with byPrefix needs at least one entry.');
  }
  const branches = entries.map(({ prefix, value }, index) => {
    if (/[{}]/.test(value)) {
      throw new Error(`Invalid entity value ${JSON.stringify(value)}: a byPrefix value must not contain "{" or "}".`);
    }
    return `{{ ${index === 0 ? 'if' : 'else if'} hasPrefix ${quoteString(prefix)} ${operand} }}${value}`;
  });
  return `${branches.join('')}{{ end }}`;
}

/**
 * Moves the top-level conjuncts that compare a stream label with fixed values into the stream
 * selector, where Loki's index selects the streams instead of filtering every line of them.
 * Empty values stay in the filter, because a selector matcher cannot mean "label absent".
 */
function splitStreamMatchers(condition: Condition, schema: SourceSchema): { streamMatchers: LabelMatcher[]; rest?: Condition } {
  const conjuncts = condition.op === 'all' ? condition.of : [condition];
  const streamMatchers: LabelMatcher[] = [];
  const remaining: Condition[] = [];
  for (const conjunct of conjuncts) {
    const accessor = conjunct.op === 'equals' || conjunct.op === 'oneOf' ? schema.resolve(conjunct.field) : undefined;
    if (accessor?.kind === 'streamLabel' && conjunct.op === 'equals' && String(conjunct.value) !== '') {
      streamMatchers.push({ label: accessor.name, operator: '=', value: String(conjunct.value) });
    } else if (accessor?.kind === 'streamLabel' && conjunct.op === 'oneOf' && conjunct.values.length > 0 && !conjunct.values.includes('')) {
      streamMatchers.push({ label: accessor.name, operator: '=~', value: literalAlternation(conjunct.values) });
    } else {
      remaining.push(conjunct);
    }
  }
  if (remaining.length === 0) {
    return { streamMatchers };
  }
  return { streamMatchers, rest: remaining.length === 1 ? remaining[0] : all(...remaining) };
}

/** Compiles a log detection into a LogQL log query (its events) and a metric query (counts for alerting). */
export function compileLogDetection(detection: LogDetection, source: LogSourceConfig, options: LogCompileOptions): CompiledLogDetection {
  if (source.schema.telemetry !== detection.telemetry) {
    throw new Error(`Detection ${detection.id} reads ${detection.telemetry} events, but the source given is ${source.schema.telemetry}.`);
  }
  const condition = detection.condition(resolveTuning(detection, options.tuning));
  const { streamMatchers, rest } = splitStreamMatchers(condition, source.schema);
  const fields = new FieldTable(source.schema);
  const filter = rest ? compileFilter(rest, fields, options.maxArrayElements) : undefined;
  const lineFilters = deriveLineFilters(condition, source.schema);
  const conditionExtractions = fields.jsonExpressions();

  const selector = formatSelector([...source.selector, ...streamMatchers]);
  const head = [selector, ...lineFilters.map(formatLineFilter)];
  const pipeline = (extractions: Array<{ label: string; path: string }>) => {
    const stages: string[] = [];
    if (extractions.length > 0) {
      // A line that is not JSON carries __error__; dropping it keeps one bad line from failing a metric query.
      // NOTE: Loki 3.7.6 sets it only when the line does not start with {, [ or " or a requested value is cut,
      // so a line cut after the requested fields still matches, while the in-process matcher skips it.
      // `| json` reads the first copy of a duplicated key, and so does the matcher, while the API server applies
      // the last copy of a key that a patch body repeats. The pod spec detections also read the stored object,
      // which the RequestResponse level logs (storedObjectHas in catalog/audit/podSpec.ts).
      stages.push(formatJsonStage(extractions), '| __error__=""');
    }
    if (fields.readsLine()) {
      stages.push(`| label_format ${LINE_LABEL}="{{ __line__ }}"`);
    }
    const joins = fields.joins();
    if (joins.length > 0) {
      const element = (labels: string[]) => labels.map((name) => `{{.${name}}}`).join(FIELD_SEPARATOR);
      const templates = joins.map(({ label, elements }) => `${label}=${quoteString(elements.map(element).join(ELEMENT_SEPARATOR))}`);
      stages.push(`| label_format ${templates.join(', ')}`);
    }
    if (filter) {
      stages.push(`| ${filter}`);
    }
    return stages;
  };
  const logQuery = [...head, ...pipeline(conditionExtractions)].join(' ');

  // The metric query also extracts the entity fields and renames them to plain alert labels.
  const groupBy: EntityField[] = [];
  const renames: string[] = [];
  for (const [entity, rule] of Object.entries(source.schema.entities) as Array<[EntityField, NonNullable<SourceSchema['entities'][EntityField]>]>) {
    const resolved = rule.paths.map((path) => (source.schema.resolve(path) ? fields.resolve(path) : undefined));
    const labels = resolved.filter((field) => field !== undefined).map((field) => field!.label);
    if (labels.length === 0) {
      continue;
    }
    const guard = rule.when ? { label: fields.resolve(rule.when.field).label, equals: rule.when.equals } : undefined;
    groupBy.push(entity);
    renames.push(`${entity}=${quoteString(entityTemplate(labels, guard, rule.byPrefix))}`);
  }
  const window = detection.window ?? DEFAULT_WINDOW;
  const metricPipeline = [
    ...head,
    ...pipeline(fields.jsonExpressions()),
    `| label_format ${renames.join(', ')}`,
    `| keep ${groupBy.join(', ')}`,
  ].join(' ');
  const metricQuery = `sum by (${groupBy.join(', ')}) (count_over_time(${metricPipeline} [${window}]))`;

  for (const [kind, query] of [['log', logQuery], ['metric', metricQuery]]) {
    const bytes = new TextEncoder().encode(query).length;
    if (bytes >= MAX_QUERY_BYTES) {
      throw new Error(
        `Detection ${detection.id}: its ${kind} query is ${bytes} bytes, and Loki rejects a query of ${MAX_QUERY_BYTES} bytes or more. ` +
          `Lower the number of array elements to inspect (now ${options.maxArrayElements}) or shorten the detection's tuning lists.`
      );
    }
  }
  return { logQuery, metricQuery, groupBy, lineFilters, extractions: conditionExtractions };
}
