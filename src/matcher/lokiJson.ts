import { PathSegment, parsePath } from '../detections/paths';

/**
 * Reads fields from a stored JSON line the way Loki's `| json label="path"` stage does (Loki
 * 3.7.6: JSONExpressionParser in pkg/logql/log/parser.go, on github.com/grafana/jsonparser's
 * EachKey, searchKeys and Unescape). Where that differs from JSON.parse, Loki's reading wins,
 * because the compiled query runs in Loki:
 * - a line must start with `{`, `[` or `"`, so leading whitespace is a parse error.
 * - a key that appears twice keeps its first value, and a path is found at its first
 *   complete match in the text, even across two copies of a parent object.
 * - an object is its raw text, escapes and spacing as written, and an array is its raw text
 *   with the string escapes decoded.
 * - a number is its digits as written (`1.0`, `1e3`).
 * - a string with an escape that Unescape rejects, such as a lone `\ud800`, is "", and every
 *   U+FFFD in a string or array becomes a space.
 * - a key with such an escape ends the reading. EachKey walks every object outside arrays in
 *   text order and returns at that key, so no path found after it has a value. Inside an array
 *   element, searchKeys gives up at such a key, so that element yields nothing for the path.
 *
 * NOTE: only lines that are valid JSON are read. Loki also extracts the fields before the break
 * of a truncated line and may select it, which the matcher does not reproduce.
 */

/** The offsets of a value in the line; its first character tells its kind. */
interface Span {
  start: number;
  end: number;
}

interface ObjectEntry extends Span {
  /** The decoded key; undefined when Unescape rejects it. */
  key: string | undefined;
  /** The offset of the key's opening quote. */
  keyStart: number;
}

/** Lines without a surrogate escape have no key that Unescape rejects, since they are valid JSON. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** A valid JSON line read for Loki views. */
export class LokiJsonLine {
  private readonly cache = new Map<string, string>();
  /** Entries of the objects and arrays that a search has opened, by start offset. */
  private readonly containers = new Map<number, ObjectEntry[] | Span[]>();
  /** The offset where EachKey stops reading the line; computed on first use. */
  private stopOffset?: number;

  private constructor(
    private readonly text: string,
    private readonly root: Span
  ) {}

  /**
   * Parses a line; returns undefined when Loki's `| json` would fail on it or it is not valid
   * JSON. Pass `validated` when the caller already parsed the same text with JSON.parse, which
   * accepts exactly the lines this reader accepts once the first character is checked.
   */
  static parse(line: string, options: { validated?: boolean } = {}): LokiJsonLine | undefined {
    if (line === '' || !'{["'.includes(line[0])) {
      return undefined;
    }
    if (!options.validated) {
      try {
        JSON.parse(line);
      } catch {
        return undefined;
      }
    }
    return new LokiJsonLine(line, { start: 0, end: skipValue(line, 0) });
  }

  /** Returns the Loki view of a field path, such as `requestObject.spec.containers[0].image`; "" when missing. */
  view(path: string): string {
    let value = this.cache.get(path);
    if (value === undefined) {
      const found = this.find(this.root, parsePath(path), 0, false);
      value = typeof found === 'object' ? this.render(found) : '';
      this.cache.set(path, value);
    }
    return value;
  }

  private render(span: Span): string {
    switch (this.text[span.start]) {
      case 'n':
        return '';
      case '{':
        return this.text.slice(span.start, span.end);
      case '"':
        return lokiUnescape(this.text.slice(span.start + 1, span.end - 1));
      default:
        return lokiUnescape(this.text.slice(span.start, span.end));
    }
  }

  /**
   * Finds a path. 'missing' lets the search go on in a later copy of a parent object. Once an
   * array with the requested index is reached, jsonparser takes that element and never looks at
   * a later copy, which 'committed' reports. `inElement` is true inside an array element, where
   * searchKeys reads the keys instead of EachKey.
   */
  private find(span: Span, segments: PathSegment[], index: number, inElement: boolean): Span | 'missing' | 'committed' {
    if (index === segments.length) {
      return span;
    }
    const segment = segments[index];
    const kind = this.text[span.start];
    if (typeof segment === 'number') {
      if (kind !== '[') {
        return 'missing';
      }
      const items = this.entries(span) as Span[];
      if (segment >= items.length) {
        return 'missing';
      }
      const found = this.find(items[segment], segments, index + 1, true);
      return found === 'missing' ? 'committed' : found;
    }
    if (kind !== '{') {
      return 'missing';
    }
    const stop = inElement ? Infinity : this.stop();
    for (const entry of this.entries(span) as ObjectEntry[]) {
      if (entry.keyStart >= stop) {
        return 'missing';
      }
      if (entry.key === undefined && inElement) {
        return 'committed';
      }
      if (entry.key === segment) {
        const found = this.find(entry, segments, index + 1, inElement);
        if (found !== 'missing') {
          return found;
        }
      }
    }
    return 'missing';
  }

  /**
   * Returns the offset of the first key, in text order and outside arrays, that Unescape
   * rejects: EachKey returns there. Infinity when there is none.
   */
  private stop(): number {
    if (this.stopOffset === undefined) {
      this.stopOffset = SURROGATE_ESCAPE.test(this.text) ? firstRejectedKey(this.text, this.root) : Infinity;
    }
    return this.stopOffset;
  }

  /** Lists the entries of an object or the items of an array once, skipping over their values. */
  private entries(span: Span): ObjectEntry[] | Span[] {
    const cached = this.containers.get(span.start);
    if (cached) {
      return cached;
    }
    const text = this.text;
    const isObject = text[span.start] === '{';
    const entries: Array<ObjectEntry | Span> = [];
    let position = skipSpace(text, span.start + 1);
    if (text[position] !== (isObject ? '}' : ']')) {
      for (;;) {
        let key: string | undefined;
        const keyStart = position;
        if (isObject) {
          const keyEnd = skipString(text, position);
          const raw = text.slice(position + 1, keyEnd - 1);
          // Keys compare after decoding; find and stop handle a key that Unescape rejects.
          key = raw.includes('\\') ? unescape(raw) : raw;
          position = skipSpace(text, keyEnd) + 1;
          position = skipSpace(text, position);
        }
        const end = skipValue(text, position);
        entries.push(isObject ? { key, keyStart, start: position, end } : { start: position, end });
        position = skipSpace(text, end);
        if (text[position] !== ',') {
          break;
        }
        position = skipSpace(text, position + 1);
      }
    }
    this.containers.set(span.start, entries as ObjectEntry[] | Span[]);
    return entries as ObjectEntry[] | Span[];
  }
}

/**
 * Scans valid JSON text once for the first key outside arrays that Unescape rejects. A single
 * pass keeps the work linear, because a crafted line can nest objects tens of thousands deep.
 */
function firstRejectedKey(text: string, root: Span): number {
  let arrayDepth = 0;
  let index = root.start;
  while (index < root.end) {
    const char = text[index];
    if (char === '"') {
      const end = skipString(text, index);
      if (arrayDepth === 0 && text[skipSpace(text, end)] === ':') {
        const raw = text.slice(index + 1, end - 1);
        if (raw.includes('\\') && unescape(raw) === undefined) {
          return index;
        }
      }
      index = end;
      continue;
    }
    if (char === '[') {
      arrayDepth++;
    } else if (char === ']') {
      arrayDepth--;
    }
    index++;
  }
  return Infinity;
}

function skipSpace(text: string, position: number): number {
  let index = position;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) {
      return index;
    }
    index++;
  }
}

/** Returns the offset after the string literal that starts at `position`, in text known to be valid JSON. */
function skipString(text: string, position: number): number {
  let index = position + 1;
  for (;;) {
    const quote = text.indexOf('"', index);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote + 1;
    }
    index = quote + 1;
  }
}

/** Returns the offset after the value that starts at `position`, in text known to be valid JSON. */
function skipValue(text: string, position: number): number {
  const first = text[position];
  if (first === '"') {
    return skipString(text, position);
  }
  if (first !== '{' && first !== '[') {
    let index = position + 1;
    while (index < text.length && !',}] \t\n\r'.includes(text[index])) {
      index++;
    }
    return index;
  }
  let depth = 0;
  let index = position;
  for (;;) {
    const char = text[index];
    if (char === '"') {
      index = skipString(text, index);
      continue;
    }
    if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) {
        return index + 1;
      }
    }
    index++;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function hexValue(text: string, at: number): number {
  const digits = text.slice(at, at + 4);
  return /^[0-9A-Fa-f]{4}$/.test(digits) ? parseInt(digits, 16) : -1;
}

/**
 * Decodes escapes as jsonparser's Unescape does; returns undefined for an escape it rejects.
 * Unescape checks only the hex digits of the escape after a high surrogate, not its `\u`.
 */
function unescape(text: string): string | undefined {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const backslash = text.indexOf('\\', index);
    if (backslash < 0) {
      output += text.slice(index);
      break;
    }
    output += text.slice(index, backslash);
    const kind = text[backslash + 1];
    if (kind !== undefined && kind in SIMPLE_ESCAPES) {
      output += SIMPLE_ESCAPES[kind];
      index = backslash + 2;
      continue;
    }
    if (kind !== 'u') {
      return undefined;
    }
    const high = hexValue(text, backslash + 2);
    if (high < 0) {
      return undefined;
    }
    if (high < 0xd800 || high > 0xdfff) {
      output += String.fromCharCode(high);
      index = backslash + 6;
      continue;
    }
    const low = hexValue(text, backslash + 8);
    if (low < 0xdc00) {
      return undefined;
    }
    const combined = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
    // Go's utf8.EncodeRune writes U+FFFD for a value past U+10FFFF.
    output += combined > 0x10ffff ? '\ufffd' : String.fromCodePoint(combined);
    index = backslash + 12;
  }
  return output;
}

/** Decodes a value as Loki's unescapeJSONString does: "" when Unescape fails, and U+FFFD becomes a space. */
export function lokiUnescape(text: string): string {
  return unescape(text)?.replace(/\ufffd/g, ' ') ?? '';
}
