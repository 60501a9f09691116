/** @jest-environment node */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { EntityField } from '../../src/detections/telemetry';
import type { PreparedDetection } from '../../src/matcher/detector';
import { CorpusEntry, buildCorpus, entryDigest } from './corpus';
import { KNOWN_DIFFERENCES, KNOWN_REFUSED } from './knownDifferences';
import {
  CAPTURE_COMMAND,
  CORPUS_INDEX_FILE,
  CorpusIndex,
  FIXTURE_DIR,
  RunFixture,
  agreementRuns,
  fixturePath,
  prepareRun,
  readJsonFile,
  runLabel,
} from './runs';

/**
 * Replays the Loki responses that capture.test.ts recorded and checks, for every log detection
 * and format, that the in-process matcher flags exactly the corpus lines Loki selected and
 * that the metric query's counts equal the matcher's findings grouped the same way. Runs
 * without Loki; a change to a query or to the corpus needs a new capture.
 */

const RECAPTURE = `recapture with ${CAPTURE_COMMAND}`;

const corpus = buildCorpus();
const byId = new Map(corpus.map((entry) => [entry.id, entry]));
const index = readJsonFile<CorpusIndex>(CORPUS_INDEX_FILE);
const idByTs = new Map((index?.entries ?? []).map((entry) => [entry.ts, entry.id]));
const refused = new Set((index?.rejected ?? []).map((entry) => entry.id));
const runs = agreementRuns();

/** Corpus entries whose stored text is the text captured; only these can be compared. */
const captured = new Set(
  (index?.entries ?? [])
    .filter(
      (entry) => byId.has(entry.id) && entryDigest(byId.get(entry.id)!) === entry.digest && !refused.has(entry.id)
    )
    .map((entry) => entry.id)
);

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/** Returns the ids in a stored log response, mapped back through the entry timestamps. */
function selectedByLoki(fixture: RunFixture): string[] {
  const body = fixture.responses.log.body as { data: { result: Array<{ values: Array<[string, string]> }> } };
  const ids: string[] = [];
  for (const stream of body.data.result) {
    for (const [ts] of stream.values) {
      const id = idByTs.get(ts);
      if (!id) {
        throw new Error(
          `The stored log response of ${fixture.detection} holds an entry at ${ts}, which the corpus index does not list; ${RECAPTURE}`
        );
      }
      ids.push(id);
    }
  }
  return sorted(ids);
}

/** Series labels with empty values removed, so that a missing label and an empty one compare equal. */
function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((name) => labels[name] !== '')
      .sort()
      .map((name) => [name, labels[name]])
  );
}

/** Groups entries by the entity labels the metric query keeps, taking them from the matcher's findings. */
function groupByEntities(
  prepared: PreparedDetection,
  entries: CorpusEntry[],
  groupBy: EntityField[]
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const finding = prepared.finding(entry.event!);
    const labels = Object.fromEntries(groupBy.map((name) => [name, finding[name]]));
    const key = seriesKey(labels);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function lokiSeries(fixture: RunFixture): Map<string, number> {
  const counts = new Map<string, number>();
  for (const series of fixture.metricSeries) {
    const key = seriesKey(series.labels);
    counts.set(key, (counts.get(key) ?? 0) + series.count);
  }
  return counts;
}

describe('Loki agreement', () => {
  test('corpus index is captured', () => {
    if (!index) {
      throw new Error(
        `${path.relative(process.cwd(), CORPUS_INDEX_FILE)} is missing; capture it with ${CAPTURE_COMMAND}`
      );
    }
  });

  test('corpus is unchanged since the capture', () => {
    const stored = new Map((index?.entries ?? []).map((entry) => [entry.id, entry.digest]));
    const added = corpus.filter((entry) => !stored.has(entry.id)).map((entry) => entry.id);
    const changed = corpus
      .filter((entry) => stored.has(entry.id) && stored.get(entry.id) !== entryDigest(entry))
      .map((entry) => entry.id);
    const removed = [...stored.keys()].filter((id) => !byId.has(id));
    const problems = [
      ...added.map((id) => `new since the capture: ${id}`),
      ...changed.map((id) => `changed since the capture: ${id}`),
      ...removed.map((id) => `gone since the capture: ${id}`),
    ];
    if (problems.length > 0) {
      throw new Error(
        `The corpus differs from the one Loki saw (only unchanged entries are compared); ${RECAPTURE}\n${problems.join('\n')}`
      );
    }
  });

  test('Loki stored every entry except the known refusals', () => {
    const unexpected = (index?.rejected ?? []).filter((entry) => !KNOWN_REFUSED.some((known) => known.id === entry.id));
    expect(unexpected).toEqual([]);
    const stale = KNOWN_REFUSED.filter((known) => !refused.has(known.id)).map((known) => known.id);
    expect(stale).toEqual([]);
  });

  test('every fixture belongs to a detection of the catalog', () => {
    const expected = new Set(runs.map((run) => run.fixtureName));
    const stale = readdirSync(FIXTURE_DIR).filter(
      (name) => name.endsWith('.json') && name !== path.basename(CORPUS_INDEX_FILE) && !expected.has(name)
    );
    if (stale.length > 0) {
      throw new Error(`Fixtures without a detection in the catalog: ${stale.join(', ')}; delete them or ${RECAPTURE}`);
    }
  });

  describe.each(runs.map((run) => [runLabel(run), run] as const))('%s', (_label, run) => {
    const fixture = readJsonFile<RunFixture>(fixturePath(run));
    const prepared = prepareRun(run);

    test('fixture matches the compiled queries', () => {
      if (!fixture) {
        throw new Error(
          `No Loki fixture for ${runLabel(run)} (${path.relative(process.cwd(), fixturePath(run))}); capture it with ${CAPTURE_COMMAND}`
        );
      }
      if (fixture.logQuery !== prepared.compiled.logQuery || fixture.metricQuery !== prepared.compiled.metricQuery) {
        throw new Error(`The compiled query of ${runLabel(run)} changed since the Loki capture; ${RECAPTURE}`);
      }
      expect(selectedByLoki(fixture)).toEqual(fixture.selectedIds);
    });

    test('matcher flags the lines Loki selected', () => {
      if (!fixture) {
        throw new Error(`No Loki fixture for ${runLabel(run)}; capture it with ${CAPTURE_COMMAND}`);
      }
      const inRun = corpus.filter((entry) => entry.set === run.set && captured.has(entry.id));
      const flagged = new Set(
        inRun.filter((entry) => entry.event && prepared.matches(entry.event)).map((entry) => entry.id)
      );
      const selected = new Set(selectedByLoki(fixture).filter((id) => captured.has(id)));
      const differences = [
        ...sorted([...selected].filter((id) => !flagged.has(id))).map((id) => ({ id, side: 'loki-only' as const })),
        ...sorted([...flagged].filter((id) => !selected.has(id))).map((id) => ({ id, side: 'matcher-only' as const })),
      ];
      const known = KNOWN_DIFFERENCES.filter((difference) => difference.runs.includes(run.fixtureName));
      const unexplained = differences.filter(
        (difference) => !known.some((entry) => entry.id === difference.id && entry.side === difference.side)
      );
      const vanished = known.filter(
        (entry) => !differences.some((difference) => difference.id === entry.id && difference.side === entry.side)
      );
      expect({ unexplained, vanished: vanished.map((entry) => `${entry.side} ${entry.id}`) }).toEqual({
        unexplained: [],
        vanished: [],
      });
    });

    test('metric counts match the grouped findings', () => {
      if (!fixture) {
        throw new Error(`No Loki fixture for ${runLabel(run)}; capture it with ${CAPTURE_COMMAND}`);
      }
      expect(fixture.groupBy).toEqual(prepared.compiled.groupBy);
      // Loki's metric query selects the same lines as its log query; the matcher reads their entities.
      const selected = selectedByLoki(fixture).filter((id) => captured.has(id));
      const readable = selected.map((id) => byId.get(id)!).filter((entry) => entry.event);
      const unreadable = selected.length - readable.length;
      const expected = groupByEntities(prepared, readable, prepared.compiled.groupBy);
      const actual = lokiSeries(fixture);
      const total = [...actual.values()].reduce((sum, count) => sum + count, 0);
      expect(total).toBe(selectedByLoki(fixture).length);
      if (unreadable === 0) {
        expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
        return;
      }
      // Lines the matcher cannot parse have no entities to group by; Loki counts them where its parser put them.
      for (const [key, count] of expected) {
        expect([key, (actual.get(key) ?? 0) >= count]).toEqual([key, true]);
      }
    });
  });
});
