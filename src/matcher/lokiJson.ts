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
 *
 * NOTE: only lines that are valid JSON are read. Loki also extracts the fields before the break
 * of a truncated line and may select it, which the matcher does not reproduce.
 */

type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: Array<[string | undefined, JsonNode]> }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string' | 'number' | 'literal'; start: number; end: number }
  | { kind: 'null'; start: number; end: number };

/** A valid JSON line parsed for Loki views. */
export class LokiJsonLine {
  private readonly cache = new Map<string, string>();

  private constructor(
    private readonly text: string,
    private readonly root: JsonNode
  ) {}

  /** Parses a line; returns undefined when Loki's `| json` would fail on it or it is not valid JSON. */
  static parse(line: string): LokiJsonLine | undefined {
    if (line === '' || !'{["'.includes(line[0])) {
      return undefined;
    }
    const parser = new Parser(line);
    try {
      const root = parser.value();
      parser.skipSpace();
      return parser.atEnd() ? new LokiJsonLine(line, root) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns the Loki view of a field path, such as `requestObject.spec.containers[0].image`; "" when missing. */
  view(path: string): string {
    let value = this.cache.get(path);
    if (value === undefined) {
      const found = find(this.root, parsePath(path), 0);
      value = typeof found === 'object' ? this.render(found) : '';
      this.cache.set(path, value);
    }
    return value;
  }

  private render(node: JsonNode): string {
    switch (node.kind) {
      case 'null':
        return '';
      case 'object':
        return this.text.slice(node.start, node.end);
      case 'string':
        return lokiUnescape(this.text.slice(node.start + 1, node.end - 1));
      default:
        return lokiUnescape(this.text.slice(node.start, node.end));
    }
  }
}

/**
 * Finds a path. 'missing' lets the search go on in a later copy of a parent object. Once an
 * array with the requested index is reached, jsonparser takes that element and never looks at
 * a later copy, which 'committed' reports.
 */
function find(node: JsonNode, segments: PathSegment[], index: number): JsonNode | 'missing' | 'committed' {
  if (index === segments.length) {
    return node;
  }
  const segment = segments[index];
  if (typeof segment === 'number') {
    if (node.kind !== 'array' || segment >= node.items.length) {
      return 'missing';
    }
    const found = find(node.items[segment], segments, index + 1);
    return found === 'missing' ? 'committed' : found;
  }
  if (node.kind !== 'object') {
    return 'missing';
  }
  for (const [key, child] of node.entries) {
    if (key === segment) {
      const found = find(child, segments, index + 1);
      if (found !== 'missing') {
        return found;
      }
    }
  }
  return 'missing';
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

/** A strict JSON parser (RFC 8259, as JSON.parse reads it) that keeps every key and the offsets of every value. */
class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position === this.text.length;
  }

  skipSpace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position])) {
      this.position++;
    }
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.position;
    const char = this.text[start];
    if (char === '{') {
      return this.object();
    }
    if (char === '[') {
      return this.array();
    }
    if (char === '"') {
      this.string();
      return { kind: 'string', start, end: this.position };
    }
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, start)) {
        this.position += literal.length;
        return { kind: literal === 'null' ? 'null' : 'literal', start, end: this.position };
      }
    }
    const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    number.lastIndex = start;
    if (number.exec(this.text)) {
      this.position = number.lastIndex;
      return { kind: 'number', start, end: this.position };
    }
    throw new SyntaxError(`unexpected character at ${start}`);
  }

  private object(): JsonNode {
    const start = this.position++;
    const entries: Array<[string | undefined, JsonNode]> = [];
    this.skipSpace();
    if (this.text[this.position] === '}') {
      this.position++;
      return { kind: 'object', start, end: this.position, entries };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.position;
      this.string();
      // Keys compare after decoding. A key that Unescape rejects matches no path.
      // NOTE: EachKey stops at such a key, so Loki also misses the paths after it; that is not reproduced.
      const key = unescape(this.text.slice(keyStart + 1, this.position - 1));
      this.skipSpace();
      this.expect(':');
      entries.push([key, this.value()]);
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect('}');
      return { kind: 'object', start, end: this.position, entries };
    }
  }

  private array(): JsonNode {
    const start = this.position++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.position] === ']') {
      this.position++;
      return { kind: 'array', start, end: this.position, items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(']');
      return { kind: 'array', start, end: this.position, items };
    }
  }

  /** Moves past a string literal, checking its escapes and that it has no control characters. */
  private string(): void {
    this.expect('"');
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined || char < ' ') {
        throw new SyntaxError(`unterminated string or control character at ${this.position}`);
      }
      this.position++;
      if (char === '"') {
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.position];
        if (escape === 'u') {
          if (hexValue(this.text, this.position + 1) < 0) {
            throw new SyntaxError(`invalid \\u escape at ${this.position}`);
          }
          this.position += 5;
        } else if (escape !== undefined && escape in SIMPLE_ESCAPES) {
          this.position++;
        } else {
          throw new SyntaxError(`invalid escape at ${this.position}`);
        }
      }
    }
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) {
      throw new SyntaxError(`expected ${char} at ${this.position}`);
    }
    this.position++;
  }
}
