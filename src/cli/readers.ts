import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/** One JSON value read from an input, with where it came from. */
export interface InputRecord {
  file: string;
  /** 1-based line where the value starts. */
  line: number;
  value: unknown;
  /** The line as read, when the value is a whole line of JSON Lines. */
  raw?: string;
}

/** A line or document that could not be parsed. */
export interface InputProblem {
  file: string;
  line: number;
  reason: string;
}

export type InputItem = { record: InputRecord } | { problem: InputProblem };

/** Whole-document parsing reads the file into memory, so it stops at this size. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** The name that stands for standard input. */
export const STDIN = '-';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Extensions of the files read from a folder; a file named on the command line is always read. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.log'];

/** Tells whether a file in a folder is read: an event extension, optionally compressed (`audit.log.gz`). */
export function hasEventExtension(file: string): boolean {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  return EVENT_FILE_EXTENSIONS.includes(path.extname(name));
}

/**
 * Lists the files under the given paths, recursing into folders, in a stable order. Inside
 * folders only files with an event extension are taken; the others are counted in `skipped`.
 */
export async function listInputFiles(inputs: string[]): Promise<{ files: string[]; unreadable: InputProblem[]; skipped: string[] }> {
  const files: string[] = [];
  const unreadable: InputProblem[] = [];
  const skipped: string[] = [];
  const visit = async (target: string, named: boolean) => {
    if (named && target === STDIN) {
      files.push(target);
      return;
    }
    let stat;
    try {
      stat = await fs.stat(target);
    } catch (error) {
      unreadable.push({ file: target, line: 0, reason: describeFsError(error) });
      return;
    }
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = (await fs.readdir(target)).sort();
      } catch (error) {
        unreadable.push({ file: target, line: 0, reason: describeFsError(error) });
        return;
      }
      for (const entry of entries) {
        if (!entry.startsWith('.')) {
          await visit(path.join(target, entry), false);
        }
      }
    } else if (named || hasEventExtension(target)) {
      files.push(target);
    } else {
      skipped.push(target);
    }
  };
  for (const input of inputs) {
    await visit(input, true);
  }
  return { files, unreadable, skipped };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return 'no such file or folder';
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'permission denied';
  }
  return (error as Error).message;
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Opens a file as UTF-8 text; a gzip-compressed file is decompressed. */
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
      throw new Error(`larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB read at once; write it to a file of JSON Lines`);
    }
  }
  const bytes = Buffer.concat(chunks);
  return (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * Reads JSON values from a file, from standard input ("-") or from a gzip-compressed file:
 * JSON Lines (one value per line), or one JSON document that contains an event or an array of
 * events. The first non-empty line decides: if it parses, the input is read as JSON Lines,
 * streamed; otherwise the whole input is parsed as one document, and if that fails too, as JSON
 * Lines with each bad line reported. A leading byte order mark is ignored.
 */
export async function* readJsonValues(file: string): AsyncGenerator<InputItem> {
  if (file === STDIN) {
    // Standard input cannot be read twice, so it is read whole.
    const text = stripBom(await readAllText(file));
    const document = tryParse(text);
    if (document.ok && text.trim() !== '' && !parses(firstNonEmptyLine(text) ?? '')) {
      yield* documentItems(file, text, document.value);
      return;
    }
    yield* textLines(file, text.split(/\r?\n/));
    return;
  }
  const firstLine = await readFirstNonEmptyLine(file);
  if (firstLine !== undefined && !parses(stripBom(firstLine))) {
    const stat = await fs.stat(file);
    if (stat.size <= MAX_DOCUMENT_BYTES) {
      const text = stripBom(await readAllText(file));
      const document = tryParse(text);
      if (document.ok) {
        yield* documentItems(file, text, document.value);
        return;
      }
    }
  }
  yield* jsonLines(file);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstNonEmptyLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((line) => line.trim() !== '');
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
    yield { record: { file, line: lineAt(text, start), value } };
    return;
  }
  const offsets = arrayElementOffsets(text, start);
  for (let index = 0; index < value.length; index++) {
    yield { record: { file, line: lineAt(text, offsets[index] ?? start), value: value[index] } };
  }
}

/** Finds where each element of the top-level array that starts at `start` begins, in valid JSON text. */
export function arrayElementOffsets(text: string, start: number): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let expectValue = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      if (depth === 1 && expectValue) {
        offsets.push(index);
        expectValue = false;
      }
      for (index++; index < text.length && text[index] !== '"'; index++) {
        if (text[index] === '\\') {
          index++;
        }
      }
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      continue;
    }
    if (depth === 1 && expectValue && char !== ']') {
      offsets.push(index);
      expectValue = false;
    }
    if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) {
        expectValue = true;
      }
    } else if (char === ']' || char === '}') {
      depth--;
      if (depth === 0) {
        break;
      }
    } else if (char === ',' && depth === 1) {
      expectValue = true;
    }
  }
  return offsets;
}

async function* textLines(file: string, lines: Iterable<string>): AsyncGenerator<InputItem> {
  let number = 0;
  for (const text of lines) {
    number++;
    yield* parseLine(file, number === 1 ? stripBom(text) : text, number);
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
  const lines = createInterface({ input: await openText(file), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    yield* parseLine(file, number === 1 ? stripBom(text) : text, number);
  }
}

async function readFirstNonEmptyLine(file: string): Promise<string | undefined> {
  const stream = await openText(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      if (text.trim() !== '') {
        return text;
      }
    }
    return undefined;
  } finally {
    lines.close();
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
