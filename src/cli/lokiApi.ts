import type { LokiEntry } from '../matcher/logFindings';
import { EndpointOptions, postQuery } from './http';

/** Loki rejects a larger limit (max_entries_limit_per_query defaults to 5000). */
export const LOKI_PAGE_LIMIT = 5000;

interface StreamsResponse {
  data?: { resultType?: string; result?: Array<{ stream?: Record<string, string>; values?: Array<[string, string]> }> };
}

/**
 * Runs a LogQL log query over [startNs, endNs] and returns every entry, oldest first. Pages
 * forward by time, because one response contains at most LOKI_PAGE_LIMIT entries. Entries that
 * share the timestamp on which a page ends are read again and deduplicated.
 */
/** Why a log query stopped before the end of its range: the entry limit, or a page of entries that share one timestamp. */
export type Truncation = 'max-entries' | 'shared-timestamp';

export async function queryLogs(
  endpoint: EndpointOptions,
  query: string,
  startNs: bigint,
  endNs: bigint,
  context: string,
  maxEntries: number
): Promise<{ entries: LokiEntry[]; truncated: Truncation | undefined }> {
  const entries: LokiEntry[] = [];
  const seen = new Set<string>();
  let start = startNs;
  for (;;) {
    const body = (await postQuery(
      endpoint,
      '/loki/api/v1/query_range',
      { query, start: start.toString(), end: endNs.toString(), limit: String(LOKI_PAGE_LIMIT), direction: 'forward' },
      context
    )) as StreamsResponse;
    if (body.data?.resultType !== 'streams') {
      throw new Error(`${context}: Loki returned result type ${JSON.stringify(body.data?.resultType)} where a log query returns "streams".`);
    }
    const page: LokiEntry[] = [];
    for (const stream of body.data.result ?? []) {
      for (const [timeNs, line] of stream.values ?? []) {
        page.push({ labels: stream.stream ?? {}, line, timeNs });
      }
    }
    page.sort((a, b) => (BigInt(a.timeNs) < BigInt(b.timeNs) ? -1 : BigInt(a.timeNs) > BigInt(b.timeNs) ? 1 : 0));
    for (const entry of page) {
      const key = `${entry.timeNs}\u0000${JSON.stringify(entry.labels)}\u0000${entry.line}`;
      if (!seen.has(key)) {
        seen.add(key);
        entries.push(entry);
        if (entries.length >= maxEntries) {
          return { entries, truncated: 'max-entries' };
        }
      }
    }
    if (page.length < LOKI_PAGE_LIMIT) {
      return { entries, truncated: undefined };
    }
    const last = BigInt(page[page.length - 1].timeNs);
    if (last <= start) {
      // More than a page of entries share one timestamp; moving on would skip some of them.
      return { entries, truncated: 'shared-timestamp' };
    }
    start = last;
  }
}

/**
 * Checks whether any stream of a selector has log lines in [startMs, endMs]. The series API
 * reads only Loki's index, so it stays cheap over a range of days, where counting lines would
 * read every chunk.
 */
export async function hasLogStreams(endpoint: EndpointOptions, selector: string, startMs: number, endMs: number, context: string): Promise<boolean> {
  const toNs = (ms: number) => (BigInt(ms) * BigInt(1_000_000)).toString();
  const body = (await postQuery(endpoint, '/loki/api/v1/series', { 'match[]': selector, start: toNs(startMs), end: toNs(endMs) }, context)) as { data?: unknown };
  if (!Array.isArray(body.data)) {
    throw new Error(`${context}: Loki returned ${JSON.stringify(body).slice(0, 200)} where the series API returns a list.`);
  }
  return body.data.length > 0;
}
