/** @jest-environment node */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_WINDOW, MAX_QUERY_BYTES } from '../../src/compiler/logql/compile';
import { formatSelector } from '../../src/compiler/logql/selector';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { benchAuditLines } from './bench';
import { CorpusEntry, FALCO_JSON_SELECTOR, STREAM_SETS, StreamSet, buildCorpus, entryDigest } from './corpus';
import { LokiClient, LokiResponse } from './lokiClient';
import {
  AgreementRun,
  CAPTURE_COMMAND,
  CORPUS_INDEX_FILE,
  CorpusIndex,
  FIXTURE_DIR,
  RunFixture,
  StoredResponse,
  agreementRuns,
  fixturePath,
  prepareRun,
  runLabel,
  runSource,
  sortSeries,
} from './runs';

/**
 * Captures real Loki responses for every log detection. Needs a running Loki and is skipped
 * without LOKI_URL. It pushes the corpus (corpus.ts) with one timestamp per entry, 1 ms apart,
 * runs each detection's compiled log and metric query, and writes test/fixtures/loki, which
 * agreement.test.ts replays in CI. With LOKI_BENCH_EVENTS (default 100000, 0 to skip) it also
 * times the audit queries over a generated audit log of that many events.
 */

const LOKI_URL = process.env.LOKI_URL;
const BENCH_EVENTS = Number(process.env.LOKI_BENCH_EVENTS ?? '100000');

/** Loki rejects a log query whose limit is above max_entries_limit_per_query (5000 by default). */
const LOG_LIMIT = 5000;

/** Lines longer than this are replaced in stored responses by their length and digest, which the corpus can be checked against. */
const STORED_LINE_MAX = 4096;

const NS_PER_MS = BigInt(1_000_000);

const SELECTORS: Record<StreamSet, string> = {
  audit: DEFAULT_SETTINGS.auditSelector,
  runtime: DEFAULT_SETTINGS.runtimeSelector,
  'falco-text': DEFAULT_SETTINGS.falcoSelector,
  'falco-json': FALCO_JSON_SELECTOR,
};

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

function durationMs(duration: string): number {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) {
    throw new Error(`Cannot read the window ${duration}; expected a duration such as 5m.`);
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Pushes the values of one stream in batches; retries on 429 (ingestion rate limit) and returns other errors. */
async function pushStream(
  loki: LokiClient,
  labels: Record<string, string>,
  values: Array<[string, string]>
): Promise<string[]> {
  const errors: string[] = [];
  const maxBytes = 1_000_000;
  let batch: Array<[string, string]> = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) {
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const response = await loki.send('POST', '/loki/api/v1/push', undefined, {
        streams: [{ stream: labels, values: batch }],
      });
      if (response.status === 204) {
        break;
      }
      if (response.status === 429 && attempt < 60) {
        await sleep(1_000);
        continue;
      }
      errors.push(`HTTP ${response.status}: ${response.text.trim()}`);
      break;
    }
    batch = [];
    bytes = 0;
  };
  for (const value of values) {
    if (bytes + value[1].length > maxBytes) {
      await flush();
    }
    batch.push(value);
    bytes += value[1].length;
  }
  await flush();
  return errors;
}

/** Groups entries by stream labels, keeping time order within a stream as Loki requires. */
function streamsOf<T extends { labels: Record<string, string> }>(entries: T[]): Map<string, T[]> {
  const streams = new Map<string, T[]>();
  for (const entry of entries) {
    const key = JSON.stringify(Object.entries(entry.labels).sort());
    streams.set(key, [...(streams.get(key) ?? []), entry]);
  }
  return streams;
}

function parseBody(response: LokiResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return response.text;
  }
}

/** What storedResponse removes from Loki's responses; every fixture states it. */
const TRIMMED = `data.stats removed; stream labels with an empty value removed; lines over ${STORED_LINE_MAX} characters replaced by their length and digest`;

/** Trims a response as TRIMMED describes, to keep fixtures small. Everything else is as Loki sent it. */
function storedResponse(response: LokiResponse): StoredResponse {
  const body = parseBody(response) as any;
  if (body && typeof body === 'object' && body.data && typeof body.data === 'object') {
    delete body.data.stats;
    if (body.data.resultType === 'streams') {
      for (const stream of body.data.result ?? []) {
        // `| json` sets every requested label, most of them to "", on every entry.
        stream.stream = Object.fromEntries(Object.entries(stream.stream ?? {}).filter(([, value]) => value !== ''));
        stream.values = (stream.values ?? []).map(([ts, line]: [string, string]) =>
          line.length > STORED_LINE_MAX
            ? [
                ts,
                `<line of ${line.length} characters, digest ${entryDigest({ labels: {}, line })}; the corpus holds the text>`,
              ]
            : [ts, line]
        );
      }
    }
  }
  return { status: response.status, body };
}

function execMs(response: LokiResponse): number {
  const body = parseBody(response) as any;
  const seconds = body?.data?.stats?.summary?.execTime;
  return typeof seconds === 'number' ? Math.round(seconds * 1000 * 10) / 10 : NaN;
}

async function queryRange(loki: LokiClient, query: string, start: bigint, end: bigint): Promise<LokiResponse> {
  const params = new URLSearchParams({
    query,
    start: start.toString(),
    end: end.toString(),
    limit: String(LOG_LIMIT),
    direction: 'forward',
  });
  return loki.send('GET', '/loki/api/v1/query_range', params);
}

async function queryInstant(loki: LokiClient, query: string, time: bigint): Promise<LokiResponse> {
  return loki.send('GET', '/loki/api/v1/query', new URLSearchParams({ query, time: time.toString() }));
}

function expectSuccess(response: LokiResponse, request: string): any {
  if (response.status !== 200) {
    throw new Error(`${request}: Loki answered HTTP ${response.status}: ${response.text.trim().slice(0, 2000)}`);
  }
  return JSON.parse(response.text);
}

/** Reads the entries of a streams response. */
function streamValues(body: any): Array<{ labels: Record<string, string>; ts: string; line: string }> {
  const values: Array<{ labels: Record<string, string>; ts: string; line: string }> = [];
  for (const stream of body.data.result) {
    for (const [ts, line] of stream.values) {
      values.push({ labels: stream.stream, ts, line });
    }
  }
  return values;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (!LOKI_URL) {
  // Jest does not list the tests of a suite that only skips, so the reason is printed as well.
  process.stdout.write(`Loki capture skipped: LOKI_URL is not set. With a running Loki, run ${CAPTURE_COMMAND}\n`);
  test.skip(`Loki capture needs a running Loki: ${CAPTURE_COMMAND}`, () => undefined);
} else {
  describe('Loki capture', () => {
    const loki = new LokiClient(LOKI_URL);
    const corpus = buildCorpus();
    let buildinfo: unknown;
    let version = '';
    let base = BigInt(0);
    let last = BigInt(0);

    beforeAll(async () => {
      // A Loki that just started returns 503 for about 15 s while its ingester joins the ring.
      let ready = await loki.send('GET', '/ready');
      for (let attempt = 0; ready.status !== 200 && attempt < 45; attempt++) {
        await sleep(2_000);
        ready = await loki.send('GET', '/ready');
      }
      if (ready.status !== 200) {
        throw new Error(
          `Loki at ${loki.baseUrl} is not ready after 90 s (HTTP ${ready.status}: ${ready.text.trim()}).`
        );
      }
      buildinfo = (await loki.json('GET', '/loki/api/v1/status/buildinfo')).body;
      const reported = (buildinfo as { version?: string }).version;
      // A Loki built without release flags reports an empty version; LOKI_VERSION names it instead.
      version =
        reported || process.env.LOKI_VERSION || 'unknown: buildinfo reports no version and LOKI_VERSION is unset';
      // 30 minutes back stays inside the default reject_old_samples_max_age (7 days) and the
      // out-of-order window (1 hour behind the newest entry of a stream).
      const now = BigInt(Date.now());
      base = (now - BigInt(30 * 60_000)) * NS_PER_MS;
      last = base + BigInt(corpus.length - 1) * NS_PER_MS;
    }, 120_000);

    test('captures every log detection', async () => {
      // Each entry's timestamp identifies it: base + position in the corpus, in ms.
      const stamped = corpus.map((entry, index) => ({ ...entry, ts: (base + BigInt(index) * NS_PER_MS).toString() }));
      const byTs = new Map(stamped.map((entry) => [entry.ts, entry]));

      for (const set of STREAM_SETS) {
        const existing = expectSuccess(
          await queryRange(loki, SELECTORS[set], base, last + BigInt(1)),
          `checking ${SELECTORS[set]}`
        );
        if (streamValues(existing).length > 0) {
          throw new Error(
            `Loki at ${loki.baseUrl} already holds logs for ${SELECTORS[set]} in the corpus time range; run the capture against an empty Loki.`
          );
        }
      }

      const pushErrors: string[] = [];
      for (const entries of streamsOf(stamped).values()) {
        pushErrors.push(
          ...(await pushStream(
            loki,
            entries[0].labels,
            entries.map((entry) => [entry.ts, entry.line])
          ))
        );
      }

      // An entry Loki refused is one it cannot return; find them by reading every stream back.
      const stored = new Set<string>();
      for (const set of STREAM_SETS) {
        const body = expectSuccess(
          await queryRange(loki, SELECTORS[set], base, last + BigInt(1)),
          `reading back ${SELECTORS[set]}`
        );
        for (const value of streamValues(body)) {
          const entry = byTs.get(value.ts);
          if (!entry || entry.line !== value.line) {
            throw new Error(
              `Loki returned an entry at ${value.ts} that the capture did not push; run the capture against an empty Loki.`
            );
          }
          stored.add(entry.id);
        }
      }
      const rejected = stamped
        .filter((entry) => !stored.has(entry.id))
        .map((entry) => ({
          id: entry.id,
          reason: pushErrors.find((error) => error.includes(entry.ts)) || pushErrors.join(' | ') || 'not stored',
        }));
      write(`Pushed ${stamped.length} corpus entries; Loki stored ${stored.size} and refused ${rejected.length}.`);
      for (const entry of rejected) {
        write(`  refused ${entry.id}: ${entry.reason.slice(0, 300)}`);
      }

      const index: CorpusIndex = {
        capturedAt: new Date().toISOString(),
        loki: { url: loki.baseUrl, buildinfo, version },
        range: { start: base.toString(), end: last.toString() },
        entries: stamped.map((entry) => ({ id: entry.id, ts: entry.ts, digest: entryDigest(entry) })),
        rejected,
      };

      mkdirSync(FIXTURE_DIR, { recursive: true });
      const runs = agreementRuns();
      const written = new Set<string>();
      write('\nLoki time per compiled query over the corpus (ms; exec = Loki stats summary.execTime, wall = client):');
      write('detection | log query chars | log exec | log wall | metric exec | metric wall | selected');
      for (const run of runs) {
        const fixture = await captureRun(loki, run, base, last, byTs);
        writeFileSync(fixturePath(run), `${JSON.stringify(fixture, null, 2)}\n`);
        written.add(path.basename(fixturePath(run)));
        const timings = fixture.timings;
        write(
          `${runLabel(run)} | ${fixture.logQuery.length} | ${timings.logExecMs} | ${timings.logWallMs} | ${timings.metricExecMs} | ${timings.metricWallMs} | ${fixture.selectedIds.length}`
        );
      }
      writeFileSync(CORPUS_INDEX_FILE, `${JSON.stringify(index, null, 1)}\n`);

      // Fixtures of detections that left the catalog would fail the agreement test; remove them.
      for (const name of readdirSync(FIXTURE_DIR)) {
        if (name.endsWith('.json') && name !== path.basename(CORPUS_INDEX_FILE) && !written.has(name)) {
          unlinkSync(path.join(FIXTURE_DIR, name));
          write(`Removed the fixture ${name}, whose detection is no longer in the catalog.`);
        }
      }
    }, 1_800_000);

    test('records raw responses and limits', async () => {
      await captureRaw(loki, base, last);
    }, 600_000);

    const benchTest = BENCH_EVENTS > 0 ? test : test.skip;
    benchTest(
      `times the audit queries over ${BENCH_EVENTS} generated events`,
      async () => {
        await benchmark(loki, BENCH_EVENTS);
      },
      3_600_000
    );
  });
}

async function captureRun(
  loki: LokiClient,
  run: AgreementRun,
  base: bigint,
  last: bigint,
  byTs: Map<string, CorpusEntry & { ts: string }>
): Promise<RunFixture> {
  const compiled = prepareRun(run).compiled;
  const window = run.detection.window ?? DEFAULT_WINDOW;
  // The instant query's window (t - window, t] covers the corpus when the corpus spans less than the window.
  if (Number(last - base) / 1e6 >= durationMs(window)) {
    throw new Error(
      `The corpus spans ${Number(last - base) / 1e6} ms, more than the ${window} window of ${run.detection.id}; its metric query would miss entries.`
    );
  }
  const end = last + BigInt(1);
  const logResponse = await queryRange(loki, compiled.logQuery, base, end);
  const logBody = expectSuccess(logResponse, `log query of ${runLabel(run)}`);
  const metricTime = end;
  const metricResponse = await queryInstant(loki, compiled.metricQuery, metricTime);
  const metricBody = expectSuccess(metricResponse, `metric query of ${runLabel(run)}`);

  const selected = new Set<string>();
  const values = streamValues(logBody);
  if (values.length >= LOG_LIMIT) {
    throw new Error(
      `The log query of ${runLabel(run)} returned ${values.length} entries, the limit; results past it were cut off.`
    );
  }
  for (const value of values) {
    const entry = byTs.get(value.ts);
    if (!entry || entry.line !== value.line) {
      throw new Error(`The log query of ${runLabel(run)} returned an entry at ${value.ts} that is not in the corpus.`);
    }
    if (entry.set !== run.set) {
      throw new Error(
        `The log query of ${runLabel(run)} selected ${entry.id} from the ${entry.set} streams; its selector should reach only ${run.set}.`
      );
    }
    selected.add(entry.id);
  }
  const metricSeries = sortSeries(
    (metricBody.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((sample) => ({
      labels: sample.metric,
      count: Number(sample.value[1]),
    }))
  );

  return {
    detection: run.detection.id,
    format: run.format ?? null,
    selector: formatSelector(runSource(run).selector),
    maxArrayElements: run.settings.maxArrayElements,
    logQuery: compiled.logQuery,
    metricQuery: compiled.metricQuery,
    groupBy: compiled.groupBy,
    logRequest: { start: base.toString(), end: end.toString(), limit: LOG_LIMIT, direction: 'forward' },
    metricRequest: { time: metricTime.toString() },
    selectedIds: [...selected].sort(),
    metricSeries,
    trimmed: TRIMMED,
    timings: {
      logExecMs: execMs(logResponse),
      logWallMs: Math.round(logResponse.elapsedMs * 10) / 10,
      metricExecMs: execMs(metricResponse),
      metricWallMs: Math.round(metricResponse.elapsedMs * 10) / 10,
    },
    responses: { log: storedResponse(logResponse), metric: storedResponse(metricResponse) },
  };
}

const RAW_DIR = path.join(FIXTURE_DIR, 'raw');

interface RawCapture {
  description: string;
  request: { method: string; path: string; params: Record<string, string> };
  status: number;
  body: unknown;
}

/** Saves one raw exchange; a query longer than 2000 characters is shortened in the stored request only. */
function saveRaw(
  name: string,
  description: string,
  method: string,
  pathName: string,
  params: URLSearchParams,
  response: LokiResponse
): void {
  const storedParams: Record<string, string> = {};
  for (const [key, value] of params) {
    storedParams[key] = value.length > 2000 ? `${value.slice(0, 200)}... (${value.length} characters in all)` : value;
  }
  const capture: RawCapture = {
    description,
    request: { method, path: pathName, params: storedParams },
    status: response.status,
    body: parseBody(response),
  };
  writeFileSync(path.join(RAW_DIR, `${name}.json`), `${JSON.stringify(capture, null, 2)}\n`);
}

/** Captures raw responses for the data source: each result type, errors, and Loki's limits. */
async function captureRaw(loki: LokiClient, base: bigint, last: bigint): Promise<void> {
  mkdirSync(RAW_DIR, { recursive: true });
  const end = last + BigInt(1);
  const range = (query: string, extra: Record<string, string> = {}) =>
    new URLSearchParams({
      query,
      start: base.toString(),
      end: end.toString(),
      limit: '5',
      direction: 'forward',
      ...extra,
    });
  const exchange = async (
    name: string,
    description: string,
    method: 'GET' | 'POST',
    pathName: string,
    params: URLSearchParams
  ) => {
    const response = await loki.send(method, pathName, params);
    saveRaw(name, description, method, pathName, params, response);
    return response;
  };
  const audit = DEFAULT_SETTINGS.auditSelector;
  const shellRun = agreementRuns().find((run) => run.detection.telemetry === 'falco' && run.format === 'text');
  const metricQuery = shellRun
    ? prepareRun(shellRun).compiled.metricQuery
    : `sum by (verb) (count_over_time(${audit} | json verb="verb" | __error__="" [5m]))`;

  await exchange(
    'buildinfo',
    'GET /loki/api/v1/status/buildinfo; a Loki built without release flags reports empty strings.',
    'GET',
    '/loki/api/v1/status/buildinfo',
    new URLSearchParams()
  );
  await exchange(
    'log-query-streams',
    'A log query with limit 5: resultType "streams", values [ns timestamp string, line], stats kept.',
    'GET',
    '/loki/api/v1/query_range',
    range(`${audit} | json verb="verb" | verb="create"`)
  );
  await exchange(
    'log-query-empty',
    'A log query that matches nothing: status success with an empty result list.',
    'GET',
    '/loki/api/v1/query_range',
    range(`${audit} |= "no line contains this text"`)
  );
  await exchange(
    'metric-query-instant-vector',
    'A compiled metric query as an instant query: resultType "vector", value [seconds, "count"].',
    'GET',
    '/loki/api/v1/query',
    new URLSearchParams({ query: metricQuery, time: end.toString() })
  );
  await exchange(
    'metric-query-range-matrix',
    'The same metric query over a range with step 60s: resultType "matrix", values [[seconds, "count"], ...].',
    'GET',
    '/loki/api/v1/query_range',
    range(metricQuery, { step: '60s' })
  );
  await exchange(
    'metric-query-empty',
    'A metric query that matches nothing returns an empty vector, not 0.',
    'GET',
    '/loki/api/v1/query',
    new URLSearchParams({
      query: `sum(count_over_time(${audit} |= "no line contains this text" [5m]))`,
      time: end.toString(),
    })
  );

  const overLimit = await exchange(
    'error-limit-above-max-entries',
    `limit ${LOG_LIMIT + 1} is above max_entries_limit_per_query (${LOG_LIMIT} by default): Loki rejects the query instead of truncating.`,
    'GET',
    '/loki/api/v1/query_range',
    range(audit, { limit: String(LOG_LIMIT + 1) })
  );
  const noLimit = new URLSearchParams({
    query: audit,
    start: base.toString(),
    end: end.toString(),
    direction: 'forward',
  });
  const defaultLimit = await loki.send('GET', '/loki/api/v1/query_range', noLimit);
  const defaultCount = defaultLimit.status === 200 ? streamValues(JSON.parse(defaultLimit.text)).length : NaN;
  await exchange(
    'error-parse',
    'A LogQL syntax error: HTTP 400 with a plain-text message.',
    'GET',
    '/loki/api/v1/query_range',
    range(`${audit} | json | verb=`)
  );
  await exchange(
    'error-log-query-as-instant',
    'A log query sent to /query, the instant endpoint: Loki rejects it; log queries need query_range.',
    'GET',
    '/loki/api/v1/query',
    new URLSearchParams({ query: audit, time: end.toString(), limit: '2' })
  );
  const pipeline = `sum by (verb) (count_over_time(${audit} | json verb="verb" [5m]))`;
  await exchange(
    'error-metric-pipeline-error',
    'A metric query grouped by a label, over lines that fail `| json`, without `| __error__=""`: Loki fails the whole query. A sum without by() drops __error__ and counts those lines instead.',
    'GET',
    '/loki/api/v1/query',
    new URLSearchParams({ query: pipeline, time: end.toString() })
  );

  // LogQL's parser rejects input of MAX_QUERY_BYTES or more (pkg/logql/syntax/parser.go, maxInputSize).
  const ofBytes = (bytes: number) => `${audit} |~ "${'a'.repeat(bytes - audit.length - 6)}"`;
  const longQuery = await exchange(
    'error-query-too-long',
    `A query of ${MAX_QUERY_BYTES} bytes: the LogQL parser rejects it, for GET and POST alike.`,
    'POST',
    '/loki/api/v1/query_range',
    range(ofBytes(MAX_QUERY_BYTES))
  );
  const longestAccepted = await loki.send('POST', '/loki/api/v1/query_range', range(ofBytes(MAX_QUERY_BYTES - 1)));
  // The server may respond with 431 and close the connection before it has read the whole request.
  const hugeGet = await loki
    .send('GET', '/loki/api/v1/query_range', range(ofBytes(1_100_000)))
    .catch((error: Error) => ({ status: 0, text: error.message, elapsedMs: 0 }));
  writeFileSync(
    path.join(RAW_DIR, 'error-get-url-too-long.json'),
    `${JSON.stringify({ description: 'A GET whose URL passes the HTTP server header limit (1 MB by default) fails with 431, or a reset connection, before LogQL sees it.', status: hugeGet.status, body: hugeGet.text }, null, 2)}\n`
  );

  write('\nLoki limits observed:');
  write(`  limit=${LOG_LIMIT + 1}: HTTP ${overLimit.status} ${overLimit.text.trim().slice(0, 200)}`);
  write(`  no limit parameter: ${defaultCount} entries returned (the API default limit is 100)`);
  write(`  query of ${MAX_QUERY_BYTES} bytes: HTTP ${longQuery.status} ${longQuery.text.trim().slice(0, 200)}`);
  write(`  query of ${MAX_QUERY_BYTES - 1} bytes by POST: HTTP ${longestAccepted.status}`);
  write(`  GET with a 1.1 MB query: HTTP ${hugeGet.status} ${hugeGet.text.trim().slice(0, 100)}`);
}

/** Times every audit detection's queries over a generated audit log, in a stream set of its own. */
async function benchmark(loki: LokiClient, count: number): Promise<void> {
  const selector = '{job="kubernetes-audit-bench"}';
  const lines = benchAuditLines(count);
  const start = (BigInt(Date.now()) - BigInt(20 * 60_000)) * NS_PER_MS;
  // Three API servers, as in a highly available control plane; each stream gets every third event.
  const streams = [0, 1, 2].map((server) => ({
    labels: { job: 'kubernetes-audit-bench', instance: `apiserver-${server}` },
    values: [] as Array<[string, string]>,
  }));
  lines.forEach((line, index) =>
    streams[index % 3].values.push([(start + BigInt(index) * NS_PER_MS).toString(), line])
  );
  const end = start + BigInt(count) * NS_PER_MS;
  const existing = expectSuccess(await queryRange(loki, selector, start, end), `checking ${selector}`);
  if (streamValues(existing).length > 0) {
    throw new Error(`Loki already holds logs for ${selector} in the benchmark time range; run against an empty Loki.`);
  }
  const pushStarted = performance.now();
  for (const stream of streams) {
    const errors = await pushStream(loki, stream.labels, stream.values);
    if (errors.length > 0) {
      throw new Error(`Pushing the benchmark log failed: ${errors.slice(0, 3).join(' | ')}`);
    }
  }
  const bytes = lines.reduce((sum, line) => sum + line.length, 0);
  write(
    `\nBenchmark: ${count} audit events, ${(bytes / 1e6).toFixed(1)} MB, pushed in ${((performance.now() - pushStarted) / 1000).toFixed(1)} s; ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}).`
  );
  const spanMs = Number(end - start) / 1e6;
  write(
    `detection | log query chars | log exec ms (median of 3) | log wall ms | entries | metric exec ms | metric wall ms | lines processed`
  );
  const settings = { ...DEFAULT_SETTINGS, auditSelector: selector };
  for (const run of agreementRuns().filter((candidate) => candidate.detection.telemetry === 'audit')) {
    const compiled = prepareRun({ ...run, settings }).compiled;
    const window = run.detection.window ?? DEFAULT_WINDOW;
    // The instant metric query counts the last `window` of the log; it spans the whole log when the window is longer.
    const metricQuery =
      durationMs(window) > spanMs
        ? compiled.metricQuery
        : compiled.metricQuery.replace(`[${window}]`, `[${Math.ceil(spanMs / 1000) + 1}s]`);
    const logExec: number[] = [];
    const logWall: number[] = [];
    const metricExec: number[] = [];
    const metricWall: number[] = [];
    let entries = 0;
    let processed = 0;
    for (let repeat = 0; repeat < 3; repeat++) {
      const log = await queryRange(loki, compiled.logQuery, start, end + BigInt(1));
      const body = expectSuccess(log, `benchmark log query of ${run.detection.id}`);
      entries = streamValues(body).length;
      processed = body.data.stats?.summary?.totalLinesProcessed ?? NaN;
      logExec.push(execMs(log));
      logWall.push(log.elapsedMs);
      const metric = await queryInstant(loki, metricQuery, end + BigInt(1));
      expectSuccess(metric, `benchmark metric query of ${run.detection.id}`);
      metricExec.push(execMs(metric));
      metricWall.push(metric.elapsedMs);
    }
    write(
      `${runLabel(run)} | ${compiled.logQuery.length} | ${median(logExec)} | ${median(logWall).toFixed(0)} | ${entries} | ${median(metricExec)} | ${median(metricWall).toFixed(0)} | ${processed}`
    );
  }

  const manySeries = `sum by (name) (count_over_time(${selector} | json name="objectRef.name" | __error__="" [${Math.ceil(spanMs / 1000) + 1}s]))`;
  const params = new URLSearchParams({ query: manySeries, time: (end + BigInt(1)).toString() });
  const response = await loki.send('GET', '/loki/api/v1/query', params);
  saveRaw(
    'error-max-query-series',
    'A metric query with more series than max_query_series (500 by default).',
    'GET',
    '/loki/api/v1/query',
    params,
    response
  );
  write(
    `  metric query with one series per object name: HTTP ${response.status} ${response.text.trim().slice(0, 200)}`
  );
}
