import { createReadStream, promises as fs } from 'node:fs';
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

/** Extensions of the files read from a folder; a file named on the command line is always read. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.log'];

/**
 * Lists the files under the given paths, recursing into folders, in a stable order. Inside
 * folders only files with an event extension are taken; the others are counted in `skipped`.
 */
export async function listInputFiles(inputs: string[]): Promise<{ files: string[]; unreadable: InputProblem[]; skipped: string[] }> {
  const files: string[] = [];
  const unreadable: InputProblem[] = [];
  const skipped: string[] = [];
  const visit = async (target: string, named: boolean) => {
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
    } else if (named || EVENT_FILE_EXTENSIONS.includes(path.extname(target).toLowerCase())) {
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

/**
 * Reads JSON values from a file: JSON Lines (one value per line), or one JSON document that
 * contains an event or an array of events. The first non-empty line decides: if it parses, the
 * file is read as JSON Lines, streamed; otherwise the whole file is parsed as one document,
 * and if that fails too, as JSON Lines with each bad line reported.
 */
export async function* readJsonValues(file: string): AsyncGenerator<InputItem> {
  const firstLine = await readFirstNonEmptyLine(file);
  if (firstLine !== undefined && !parses(firstLine)) {
    const stat = await fs.stat(file);
    if (stat.size <= MAX_DOCUMENT_BYTES) {
      const text = await fs.readFile(file, 'utf8');
      const document = tryParse(text);
      if (document.ok) {
        yield* documentItems(file, text, document.value);
        return;
      }
    }
  }
  yield* jsonLines(file);
}

function* documentItems(file: string, text: string, value: unknown): Generator<InputItem> {
  const startLine = text.slice(0, text.search(/\S|$/)).split('\n').length;
  if (Array.isArray(value)) {
    for (const element of value) {
      yield { record: { file, line: startLine, value: element } };
    }
  } else {
    yield { record: { file, line: startLine, value } };
  }
}

async function* jsonLines(file: string): AsyncGenerator<InputItem> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === '') {
      continue;
    }
    const parsed = tryParse(text);
    if (parsed.ok) {
      if (Array.isArray(parsed.value)) {
        for (const element of parsed.value) {
          yield { record: { file, line: number, value: element } };
        }
      } else {
        yield { record: { file, line: number, value: parsed.value, raw: text } };
      }
    } else {
      yield { problem: { file, line: number, reason: `invalid JSON (${parsed.error})` } };
    }
  }
}

async function readFirstNonEmptyLine(file: string): Promise<string | undefined> {
  const stream = createReadStream(file, { encoding: 'utf8' });
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
