/**
 * Field paths inside a JSON event, written the way LogQL `| json` expressions write them:
 * `objectRef.resource`, `metadata.labels["app.kubernetes.io/name"]`, `spec.containers[0]`.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const parsedPaths = new Map<string, PathSegment[]>();

/** Bounds the memo of parsed paths; detections use a few thousand distinct paths at most. */
const MAX_MEMOIZED_PATHS = 20_000;

/**
 * Parses a path; throws on syntax that Loki's json expression lexer would also reject. Results
 * are memoized, because the matcher reads the same paths on every event; callers must not
 * change the returned array.
 */
export function parsePath(path: string): PathSegment[] {
  const memoized = parsedPaths.get(path);
  if (memoized) {
    return memoized;
  }
  const segments = parsePathUncached(path);
  if (parsedPaths.size < MAX_MEMOIZED_PATHS) {
    parsedPaths.set(path, segments);
  }
  return segments;
}

function parsePathUncached(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path;
  let first = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) {
        throw new Error(`Invalid field path "${path}": "[" has no matching "]".`);
      }
      const inner = rest.slice(1, close);
      if (/^[0-9]+$/.test(inner)) {
        segments.push(Number(inner));
      } else if (/^"[^"\]]*"$/.test(inner)) {
        segments.push(inner.slice(1, -1));
      } else {
        throw new Error(`Invalid field path "${path}": write "[N]" for an index or '["key"]' for a key.`);
      }
      rest = rest.slice(close + 1);
    } else {
      if (!first) {
        if (!rest.startsWith('.')) {
          throw new Error(`Invalid field path "${path}": expected "." or "[" before "${rest}".`);
        }
        rest = rest.slice(1);
      }
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
      if (!match) {
        throw new Error(`Invalid field path "${path}": "${rest}" does not start with a field name; use '["key"]' for other keys.`);
      }
      segments.push(match[0]);
      rest = rest.slice(match[0].length);
    }
    first = false;
  }
  if (segments.length === 0) {
    throw new Error('Invalid field path "": a path needs at least one field.');
  }
  return segments;
}

/** Formats segments back into a path that LogQL's `| json` expression syntax accepts. */
export function formatPath(segments: PathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') {
        return `[${segment}]`;
      }
      if (IDENTIFIER.test(segment)) {
        return index === 0 ? segment : `.${segment}`;
      }
      return `["${segment}"]`;
    })
    .join('');
}

const joinedPaths = new Map<string, Map<string, string[]>>();

/**
 * Joins a path relative to an array element onto the element's own path. The matcher joins the
 * same few paths for every event, so results are memoized.
 */
export function joinPath(base: string, index: number, relative: string): string {
  let byRelative = joinedPaths.get(base);
  if (!byRelative) {
    byRelative = new Map();
    joinedPaths.set(base, byRelative);
  }
  let byIndex = byRelative.get(relative);
  if (!byIndex) {
    byIndex = [];
    byRelative.set(relative, byIndex);
  }
  return (byIndex[index] ??= formatPath([...parsePath(base), index, ...parsePath(relative)]));
}

/** Reads a value at a path; a missing step yields undefined. */
export function getPath(value: unknown, segments: PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) {
        return undefined;
      }
      current = current[segment];
    } else {
      if (Array.isArray(current)) {
        return undefined;
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
