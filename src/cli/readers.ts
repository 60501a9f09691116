import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { STDIN } from './inputFiles';
import { arrayElementSpans, minifyJson } from './jsonText';
import { readLines } from './lineReader';

/** One JSON value read from an input, with where it came from. */
export interface InputRecord {
  file: string;
  /** 1-based line where the value starts. */
  line: number;
  value: unknown;
  /** The value's text as written, whitespace between tokens removed: the line a shipper stores. */
  raw?: string;
}

/** A line or document that could not be parsed. */
export interface InputProblem {
  file: string;
  line: number;
  reason: string;
}

export type InputItem = { record: InputRecord } | { problem: InputProblem };

/** Whole-document parsing and inputs that are not regular files are read into memory up to this size. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** A longer line is skipped and reported; JavaScript strings stop near 512 MiB. */
const MAX_LINE_CHARS = 128 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Opens a regular file as UTF-8 text; a gzip-compressed file is decompressed. */
async function openText(file: string): Promise<Readable> {
  const handle = await fs.open(file, 'r');
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  await handle.close();
  const stream = createReadStream(file);
  return (isGzip(magic.subarray(0, bytesRead)) ? stream.pipe(createGunzip()) : stream).setEncoding('utf8');
}

/** Reads a whole input as text, failing past MAX_DOCUMENT_BYTES; "-" is standard input. */
async function readAllText(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const source: Readable = file === STDIN ? process.stdin : createReadStream(file);
  for await (const chunk of source) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES) {
      source.destroy();
      throw new Error(`more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB from an input that is not a regular file; write it to a file first`);
    }
  }
  const bytes = Buffer.concat(chunks);
  return (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * Reads JSON values from a file, from standard input ("-"), from a pipe or device, or from a
 * gzip-compressed file: JSON Lines (one value per line), or one JSON document that contains an
 * event or an array of events. If the first non-empty line parses, the input is read as JSON
 * Lines. Otherwise the whole input is parsed as one document, and if that fails too, it is read
 * as JSON Lines with each bad line reported. A leading byte order mark is ignored.
 */
export async function* readJsonValues(file: string): AsyncGenerator<InputItem> {
  const stat = file === STDIN ? undefined : await fs.stat(file);
  if (!stat?.isFile()) {
    // Standard input, pipes and devices can be read only once, so they are read whole.
    yield* textItems(file, stripBom(await readAllText(file)));
    return;
  }
  const firstLine = await readFirstNonEmptyLine(file);
  if (firstLine !== undefined && !parses(stripBom(firstLine)) && stat.size <= MAX_DOCUMENT_BYTES) {
    const text = stripBom(await readAllText(file));
    const document = tryParse(text);
    if (document.ok) {
      yield* documentItems(file, text, document.value);
      return;
    }
  }
  yield* jsonLines(file);
}

function* textItems(file: string, text: string): Generator<InputItem> {
  const firstLine = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '');
  const document = firstLine !== undefined && !parses(firstLine) ? tryParse(text) : undefined;
  if (document?.ok) {
    yield* documentItems(file, text, document.value);
    return;
  }
  let number = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    number++;
    yield* parseLine(file, line, number);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
  }
  return line;
}

function* documentItems(file: string, text: string, value: unknown): Generator<InputItem> {
  const start = text.search(/\S|$/);
  if (!Array.isArray(value)) {
    yield { record: { file, line: lineAt(text, start), value, raw: minifyJson(text.slice(start).trimEnd()) } };
    return;
  }
  const spans = arrayElementSpans(text, start);
  for (let index = 0; index < value.length; index++) {
    const span = spans[index];
    const raw = span ? minifyJson(text.slice(span.start, span.end)) : undefined;
    yield { record: { file, line: lineAt(text, span?.start ?? start), value: value[index], raw } };
  }
}

function* parseLine(file: string, text: string, number: number): Generator<InputItem> {
  if (text.trim() === '') {
    return;
  }
  const parsed = tryParse(text);
  if (!parsed.ok) {
    yield { problem: { file, line: number, reason: `invalid JSON (${parsed.error})` } };
  } else if (Array.isArray(parsed.value)) {
    for (const element of parsed.value) {
      yield { record: { file, line: number, value: element } };
    }
  } else {
    yield { record: { file, line: number, value: parsed.value, raw: text } };
  }
}

async function* jsonLines(file: string): AsyncGenerator<InputItem> {
  let number = 0;
  for await (const line of readLines(await openText(file), MAX_LINE_CHARS)) {
    number++;
    if ('tooLong' in line) {
      yield { problem: { file, line: number, reason: `line longer than ${MAX_LINE_CHARS / 1024 / 1024} Mi characters, skipped` } };
      continue;
    }
    yield* parseLine(file, number === 1 ? stripBom(line.text) : line.text, number);
  }
}

async function readFirstNonEmptyLine(file: string): Promise<string | undefined> {
  const stream = await openText(file);
  try {
    for await (const line of readLines(stream, MAX_LINE_CHARS)) {
      if ('tooLong' in line) {
        return undefined;
      }
      if (line.text.trim() !== '') {
        return line.text;
      }
    }
    return undefined;
  } finally {
    stream.destroy();
  }
}

function parses(text: string): boolean {
  return tryParse(text).ok;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
