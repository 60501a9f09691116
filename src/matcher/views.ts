import { getPath, parsePath } from '../detections/paths';

/**
 * The string that Loki's `| json name="path"` stage extracts for a JSON value (Loki 3.7,
 * pkg/logql/log/parser.go): a missing path or null gives "", a string its decoded text, a
 * boolean "true" or "false", an object its raw JSON text, and an array its JSON text with
 * string escapes decoded.
 *
 * NOTE: a parsed value has lost its text, so numbers (1.0, 1e3), object spacing and escapes, and
 * duplicate keys can differ from Loki's view. The matcher reads stored JSON lines with
 * LokiJsonLine (lokiJson.ts) instead; this function serves events rebuilt from labels and evidence.
 */
export function lokiView(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return unescapeJsonText(JSON.stringify(value));
  }
  return JSON.stringify(value);
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes the backslash escapes of JSON text in place, as buger/jsonparser's Unescape does. */
export function unescapeJsonText(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_, escape: string) => {
    if (escape.startsWith('u')) {
      return String.fromCharCode(parseInt(escape.slice(1), 16));
    }
    return ESCAPES[escape];
  });
}

const pathCache = new Map<string, ReturnType<typeof parsePath>>();

/** Reads the Loki view of a field path of an event. */
export function fieldView(event: unknown, path: string): string {
  let segments = pathCache.get(path);
  if (!segments) {
    segments = parsePath(path);
    pathCache.set(path, segments);
  }
  return lokiView(getPath(event, segments));
}
