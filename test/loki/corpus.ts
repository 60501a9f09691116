import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseSelector } from '../../src/compiler/logql/selector';
import type { NormalizedEvent } from '../../src/matcher/events';
import { normalizeEvent } from '../../src/matcher/events';
import { falcoEventFromLoki } from '../../src/matcher/falcoText';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { generatedEntries } from './generated';

/**
 * The corpus that the capture test pushes into Loki and the agreement test replays in process:
 * every event of test/cases and test/fixtures/shared-data, the hand-written probes of
 * test/loki/corpus and the generated probes of generated.ts. Entries are listed in a fixed
 * order, so the capture can give entry i the timestamp base + i ms.
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The four sets of Loki streams the corpus is stored in. */
export type StreamSet = 'audit' | 'runtime' | 'falco-text' | 'falco-json';

export const STREAM_SETS: readonly StreamSet[] = ['audit', 'runtime', 'falco-text', 'falco-json'];

export interface CorpusEntry {
  /** Stable id: the source file relative to the repository and the line number, plus `:text` or `:json` for Falco. */
  id: string;
  set: StreamSet;
  /** Stream labels the entry is pushed with. */
  labels: Record<string, string>;
  line: string;
  /** What the in-process matcher reads; absent when the line is not an event Cordon reads. */
  event?: NormalizedEvent;
  /** Why the matcher has no event for this line. */
  unreadable?: string;
}

/**
 * Settings of the Falco JSON run. Its streams carry job="falco", as a log shipper that tails
 * Falco's JSON output would label them, and no rule or priority label, so the default text
 * selector {rule=~".+", priority=~".+"} never selects them and the two formats stay apart in
 * one tenant.
 */
export const FALCO_JSON_SELECTOR = '{job="falco"}';

/** Labels of a stream that a selector made only of `=` matchers selects. */
function labelsOf(selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const matcher of parseSelector(selector)) {
    if (matcher.operator !== '=') {
      throw new Error(`The corpus needs a selector of "=" matchers to label its streams, got ${selector}.`);
    }
    labels[matcher.label] = matcher.value;
  }
  return labels;
}

export const STREAM_LABELS = {
  audit: labelsOf(DEFAULT_SETTINGS.auditSelector),
  runtime: labelsOf(DEFAULT_SETTINGS.runtimeSelector),
  'falco-json': labelsOf(FALCO_JSON_SELECTOR),
} as const;

/**
 * Builds the stream labels falcosidekick's Loki output sets for an alert in text format
 * (falcosidekick outputs/loki.go at commit 6630037a). They are rule, priority, source, hostname,
 * the sorted tags joined with ",", and the output fields k8s.ns.name and k8s.pod.name, which
 * Cordon's defaults expect as extra labels named with "_" for ".". falcosidekick removes double
 * quotes from those values, and Loki drops labels whose value is empty.
 */
export function falcosidekickLabels(alert: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  const set = (name: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') {
      labels[name] = value;
    }
  };
  set('rule', alert.rule);
  set('priority', alert.priority);
  set('source', alert.source);
  set('hostname', alert.hostname);
  if (Array.isArray(alert.tags) && alert.tags.length > 0) {
    set('tags', alert.tags.map(String).sort().join(','));
  }
  const fields = alert.output_fields;
  if (typeof fields === 'object' && fields !== null) {
    const record = fields as Record<string, unknown>;
    for (const [field, label] of [
      ['k8s.ns.name', DEFAULT_SETTINGS.falcoLabels.namespace],
      ['k8s.pod.name', DEFAULT_SETTINGS.falcoLabels.pod],
    ]) {
      if (typeof record[field] === 'string') {
        set(label, (record[field] as string).replace(/"/g, ''));
      }
    }
  }
  return labels;
}

function listFiles(folder: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(folder)) {
    return [];
  }
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) {
      found.push(...listFiles(full, accept));
    } else if (accept(name)) {
      found.push(full);
    }
  }
  return found;
}

/** One value of a source file: its 1-based line number, its raw text, and the parsed value or the parse error. */
interface SourceLine {
  number: number;
  raw: string;
  value?: unknown;
  error?: string;
}

/**
 * Reads JSON Lines. A file whose lines do not all parse, but whose whole text does, is one
 * pretty-printed document (src/testing/cases.ts reads cases the same way) and becomes one
 * compact line.
 */
function readSourceLines(file: string, wholeDocuments: boolean): SourceLine[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const parsed: SourceLine[] = lines.map((raw, index) => {
    try {
      return { number: index + 1, raw, value: JSON.parse(raw) };
    } catch (error) {
      return { number: index + 1, raw, error: (error as Error).message };
    }
  });
  const failed = parsed.filter((line) => line.error !== undefined && line.raw.trim() !== '');
  if (wholeDocuments && failed.length > 0) {
    try {
      const value = JSON.parse(text);
      return [{ number: 1, raw: JSON.stringify(value), value }];
    } catch {
      // Not one document either: keep the lines, whose errors the caller reports.
    }
  }
  return parsed.filter((line) => line.raw.trim() !== '' || line.error === undefined);
}

function relative(file: string): string {
  return path.relative(REPO_ROOT, file).split(path.sep).join('/');
}

/** Adds the entries of one readable event: one entry, or two for a Falco alert (text and JSON). */
function eventEntries(id: string, event: NormalizedEvent): CorpusEntry[] {
  if (event.telemetry === 'audit') {
    return [{ id, set: 'audit', labels: { ...STREAM_LABELS.audit }, line: event.line, event }];
  }
  if (event.telemetry === 'runtime') {
    return [{ id, set: 'runtime', labels: { ...STREAM_LABELS.runtime }, line: event.line, event }];
  }
  const json: CorpusEntry = {
    id: `${id}:json`,
    set: 'falco-json',
    labels: { ...STREAM_LABELS['falco-json'] },
    line: event.line,
    event,
  };
  const labels = falcosidekickLabels(event.event);
  const output = String(event.event.output);
  const text: CorpusEntry = {
    id: `${id}:text`,
    set: 'falco-text',
    labels,
    line: output,
    event: {
      telemetry: 'falco',
      event: falcoEventFromLoki(labels, output, DEFAULT_SETTINGS.falcoLabels),
      line: output,
    },
  };
  return [text, json];
}

/** Returns the stream set of a probe file's unreadable lines, from the file name's prefix. */
function probeSet(file: string): StreamSet {
  const name = path.basename(file);
  if (name.startsWith('audit-')) {
    return 'audit';
  }
  if (name.startsWith('docker-')) {
    return 'runtime';
  }
  if (name.startsWith('falco-')) {
    return 'falco-json';
  }
  throw new Error(
    `${relative(file)}: name probe files audit-*.jsonl, docker-*.jsonl or falco-*.jsonl, so that lines which are no event have a stream.`
  );
}

const TELEMETRY_OF_SET: Record<StreamSet, string> = {
  audit: 'audit',
  runtime: 'runtime',
  'falco-json': 'falco',
  'falco-text': 'falco',
};

/** Entries of the events Cordon reads in a cases or shared-data file; other values are skipped. */
function sourceEntries(file: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const line of readSourceLines(file, true)) {
    if (line.error !== undefined) {
      throw new Error(`${relative(file)}:${line.number}: invalid JSON (${line.error}).`);
    }
    const event = normalizeEvent(line.value, line.raw);
    if (!('unmapped' in event)) {
      entries.push(...eventEntries(`${relative(file)}:${line.number}`, event));
    }
  }
  return entries;
}

/** Entries of one probe line: a readable event as usual, any other line pushed as it is into `set`. */
function probeLineEntries(id: string, set: StreamSet, raw: string): CorpusEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return [unreadableEntry(id, set, raw, `invalid JSON (${(error as Error).message})`)];
  }
  const event = normalizeEvent(value, raw);
  if ('unmapped' in event) {
    return [unreadableEntry(id, set, raw, event.unmapped)];
  }
  if (event.telemetry !== TELEMETRY_OF_SET[set]) {
    throw new Error(
      `${id}: the line is a ${event.telemetry} event, but its probe file or generator puts it in the ${set} streams.`
    );
  }
  return eventEntries(id, event);
}

function unreadableEntry(id: string, set: StreamSet, line: string, reason: string): CorpusEntry {
  if (set === 'falco-text') {
    throw new Error(`${id}: a line that is no Falco alert has no output to store as text.`);
  }
  return {
    id: set === 'falco-json' ? `${id}:json` : id,
    set,
    labels: { ...STREAM_LABELS[set] },
    line,
    unreadable: reason,
  };
}

export const PROBE_DIR = path.join(REPO_ROOT, 'test', 'loki', 'corpus');

let cached: CorpusEntry[] | undefined;

/** Builds the corpus; the result is cached, because the agreement test reads it for every detection. */
export function buildCorpus(): CorpusEntry[] {
  if (cached) {
    return cached;
  }
  const isJson = (name: string) => /\.jsonl?$/.test(name);
  const entries: CorpusEntry[] = [];
  for (const file of listFiles(path.join(REPO_ROOT, 'test', 'cases'), (name) =>
    /^(attack|benign)-.*\.jsonl?$/.test(name)
  )) {
    entries.push(...sourceEntries(file));
  }
  for (const file of listFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'shared-data'), isJson)) {
    entries.push(...sourceEntries(file));
  }
  for (const file of listFiles(PROBE_DIR, (name) => name.endsWith('.jsonl'))) {
    for (const line of readSourceLines(file, false)) {
      entries.push(...probeLineEntries(`${relative(file)}:${line.number}`, probeSet(file), line.raw));
    }
  }
  for (const probe of generatedEntries()) {
    entries.push(...probeLineEntries(`generated:${probe.name}`, probe.set, probe.line));
  }
  const ids = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) {
      throw new Error(`Duplicate corpus id ${entry.id}.`);
    }
    ids.add(entry.id);
  }
  cached = entries;
  return entries;
}

/** Computes a digest of what Loki stores for an entry: its stream labels and its line. */
export function entryDigest(entry: Pick<CorpusEntry, 'labels' | 'line'>): string {
  const labels = Object.keys(entry.labels)
    .sort()
    .map((name) => `${name}=${entry.labels[name]}`)
    .join('\u0000');
  return createHash('sha256').update(labels).update('\u0001').update(entry.line).digest('hex').slice(0, 16);
}
