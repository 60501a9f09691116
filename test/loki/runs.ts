import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompiledLogDetection, LogSourceConfig } from '../../src/compiler/logql/compile';
import { LOG_DETECTIONS } from '../../src/detections/catalog';
import type { LogDetection, TuningValues } from '../../src/detections/model';
import { PreparedDetection } from '../../src/matcher/detector';
import { CordonSettings, DEFAULT_SETTINGS, logSource } from '../../src/settings';
import { FALCO_JSON_SELECTOR, REPO_ROOT, StreamSet } from './corpus';

/** The command that captures the fixtures again; every message that requests a recapture quotes it. */
export const CAPTURE_COMMAND = 'LOKI_URL=http://127.0.0.1:3100 npx jest test/loki/capture.test.ts';

export const FIXTURE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'loki');
export const CORPUS_INDEX_FILE = path.join(FIXTURE_DIR, 'corpus-index.json');

/** One detection in one storage format: the unit that gets a fixture. */
export interface AgreementRun {
  detection: LogDetection;
  /** Falco alerts are checked as falcosidekick's text and as Falco's JSON; other telemetry has one format. */
  format?: 'text' | 'json';
  set: StreamSet;
  settings: CordonSettings;
  /** Non-default tuning values; absent for the default run. */
  tuning?: TuningValues;
  /** File name in test/fixtures/loki: `<detection id>[.<format>][.tuned].json`. */
  fixtureName: string;
}

/**
 * Extra runs with tuning lists whose entries share a prefix. Loki 3.7.6 matched such a list as
 * substrings before the compiler anchored label regexes, so a pod in "my-kube-system" escaped
 * both detections; the probes in corpus/*-tuning.jsonl test that it no longer does.
 */
const TUNED_RUNS: Array<{ detection: string; tuning: TuningValues }> = [
  { detection: 'k8s-host-namespaces', tuning: { trustedNamespaces: ['kube-system', 'kube-public'] } },
  { detection: 'falco-shell-in-container', tuning: { ignoredNamespaces: ['kube-system', 'kube-public'] } },
];

const FALCO_JSON_SETTINGS: CordonSettings = {
  ...DEFAULT_SETTINGS,
  falcoFormat: 'json',
  falcoSelector: FALCO_JSON_SELECTOR,
};

/** Lists every log detection of the catalog, once per format, and the tuned runs. */
export function agreementRuns(): AgreementRun[] {
  const runs = LOG_DETECTIONS.flatMap(defaultRuns);
  for (const tuned of TUNED_RUNS) {
    const detection = LOG_DETECTIONS.find((candidate) => candidate.id === tuned.detection);
    if (!detection) {
      throw new Error(
        `The tuned agreement run names ${tuned.detection}, which is not in the catalog; update TUNED_RUNS in test/loki/runs.ts.`
      );
    }
    for (const run of defaultRuns(detection)) {
      runs.push({ ...run, tuning: tuned.tuning, fixtureName: run.fixtureName.replace(/\.json$/, '.tuned.json') });
    }
  }
  return runs;
}

function defaultRuns(detection: LogDetection): AgreementRun[] {
  if (detection.telemetry === 'falco') {
    return [
      {
        detection,
        format: 'text',
        set: 'falco-text',
        settings: DEFAULT_SETTINGS,
        fixtureName: `${detection.id}.text.json`,
      },
      {
        detection,
        format: 'json',
        set: 'falco-json',
        settings: FALCO_JSON_SETTINGS,
        fixtureName: `${detection.id}.json.json`,
      },
    ];
  }
  const set: StreamSet = detection.telemetry === 'audit' ? 'audit' : 'runtime';
  return [{ detection, set, settings: DEFAULT_SETTINGS, fixtureName: `${detection.id}.json` }];
}

export function runSource(run: AgreementRun): LogSourceConfig {
  return logSource(run.settings, run.detection.telemetry);
}

/** Prepares the detection as the matcher runs it, with the run's settings and tuning. */
export function prepareRun(run: AgreementRun): PreparedDetection {
  return new PreparedDetection(run.detection, runSource(run), {
    maxArrayElements: run.settings.maxArrayElements,
    tuning: run.tuning,
  });
}

export function runLabel(run: AgreementRun): string {
  const parts = [run.format, run.tuning ? 'tuned' : undefined].filter((part) => part !== undefined);
  return parts.length > 0 ? `${run.detection.id} (${parts.join(', ')})` : run.detection.id;
}

/** A Loki response as stored in a fixture: the HTTP status and the parsed body, stats removed. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What the capture recorded for one run. */
export interface RunFixture {
  detection: string;
  format: 'text' | 'json' | null;
  selector: string;
  maxArrayElements: number;
  logQuery: string;
  metricQuery: string;
  groupBy: string[];
  /** The query_range parameters of the log query; times are ns since the epoch. */
  logRequest: { start: string; end: string; limit: number; direction: 'forward' };
  /** The instant query parameters of the metric query; its window ends at `time` and covers the corpus. */
  metricRequest: { time: string };
  /** Corpus ids of the entries the log query returned, sorted. */
  selectedIds: string[];
  /** The metric query's series: labels and the count, sorted by labels. */
  metricSeries: Array<{ labels: Record<string, string>; count: number }>;
  /** What was removed from Loki's responses before they were stored. */
  trimmed: string;
  /** Milliseconds Loki took, from its own stats (summary.execTime) and from the client. */
  timings: { logExecMs: number; logWallMs: number; metricExecMs: number; metricWallMs: number };
  responses: { log: StoredResponse; metric: StoredResponse };
}

/** Stored once for all runs: where each corpus entry went, so responses can be mapped back to ids. */
export interface CorpusIndex {
  capturedAt: string;
  loki: { url: string; buildinfo: unknown; version: string };
  /** First and last entry timestamp, ns. */
  range: { start: string; end: string };
  /** Per entry: id, timestamp (ns), digest of labels and line (entryDigest). */
  entries: Array<{ id: string; ts: string; digest: string }>;
  /** Entries Loki refused at push, with its message. */
  rejected: Array<{ id: string; reason: string }>;
}

export function fixturePath(run: AgreementRun): string {
  return path.join(FIXTURE_DIR, run.fixtureName);
}

export function readJsonFile<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** The compiled queries of a run, for comparison with a fixture. */
export function compiledQueries(compiled: CompiledLogDetection): { logQuery: string; metricQuery: string } {
  return { logQuery: compiled.logQuery, metricQuery: compiled.metricQuery };
}

/** Sorts series by their labels, so fixtures and comparisons do not depend on Loki's order. */
export function sortSeries<T extends { labels: Record<string, string> }>(series: T[]): T[] {
  const key = (labels: Record<string, string>) =>
    Object.keys(labels)
      .sort()
      .map((name) => `${name}=${labels[name]}`)
      .join(',');
  return [...series].sort((a, b) => (key(a.labels) < key(b.labels) ? -1 : key(a.labels) > key(b.labels) ? 1 : 0));
}
