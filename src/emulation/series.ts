/**
 * Synthetic Prometheus series for attack emulation and tests. A series has a history, samples
 * one scenario interval apart, and a live behaviour that starts when the attack starts. The
 * same data renders to promtool's input notation, to OpenMetrics for backfilling and to an
 * exporter's current value.
 */

/** A run of samples: a counter that grows at a steady rate, a constant gauge, or no samples. */
export type Segment = { samples: number } & ({ increasePerSecond: number } | { value: number } | { absent: true });

/** The behaviour of a series from the start of the live phase on, without a sample count. */
export type LiveBehaviour = { increasePerSecond: number } | { value: number } | { absent: true };

export interface ScenarioSeries {
  metric: string;
  /** Labels as Prometheus stores them after the scrape, job and instance included; empty labels are left out. */
  labels: Record<string, string>;
  history: readonly Segment[];
  live: LiveBehaviour;
}

export function historySamples(series: ScenarioSeries): number {
  return series.history.reduce((total, segment) => total + segment.samples, 0);
}

/** Expands the history into one value per interval, `undefined` for no sample. Counters start at 0. */
export function historyValues(series: ScenarioSeries, intervalSeconds: number): Array<number | undefined> {
  const values: Array<number | undefined> = [];
  let counter: number | undefined;
  for (const segment of series.history) {
    for (let i = 0; i < segment.samples; i++) {
      if ('absent' in segment) {
        values.push(undefined);
      } else if ('value' in segment) {
        values.push(segment.value);
      } else {
        // A counter's first sample is 0; it grows from its second sample on.
        counter = counter === undefined ? 0 : counter + segment.increasePerSecond * intervalSeconds;
        values.push(counter);
      }
    }
  }
  return values;
}

/** Returns the last history value of a counter, the base its live increase adds to. */
function lastCounterValue(series: ScenarioSeries, intervalSeconds: number): number {
  const values = historyValues(series, intervalSeconds).filter((value): value is number => value !== undefined);
  return values.length === 0 ? 0 : values[values.length - 1];
}

/**
 * Computes the value of a series `elapsedSeconds` after the history ended. Until
 * `attackSeconds` (never when undefined) the series keeps the behaviour of its last history
 * segment, and from then on it follows its live behaviour.
 */
export function liveValue(series: ScenarioSeries, intervalSeconds: number, elapsedSeconds: number, attackSeconds: number | undefined): number | undefined {
  const last = series.history[series.history.length - 1];
  const calm: LiveBehaviour = last ?? { absent: true };
  const base = lastCounterValue(series, intervalSeconds);
  const calmSeconds = attackSeconds === undefined ? elapsedSeconds : Math.min(elapsedSeconds, attackSeconds);
  const attackElapsed = attackSeconds === undefined ? 0 : Math.max(0, elapsedSeconds - attackSeconds);
  const behaviour = attackSeconds !== undefined && elapsedSeconds >= attackSeconds ? series.live : calm;
  if ('absent' in behaviour) {
    return undefined;
  }
  if ('value' in behaviour) {
    return behaviour.value;
  }
  const calmIncrease = 'increasePerSecond' in calm ? calm.increasePerSecond * calmSeconds : 0;
  const liveIncrease = 'increasePerSecond' in series.live ? series.live.increasePerSecond * attackElapsed : 0;
  return base + calmIncrease + liveIncrease;
}

/** Formats a sample value the way promtool and the text exposition format read it. */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17).replace(/\.?0+$/, '');
}

/**
 * Formats labels as `{a="b", ...}`, escaping values for PromQL and the exposition formats.
 * OpenMetrics allows no space after the comma, so exposition output passes `,` as separator.
 */
export function formatLabels(labels: Record<string, string>, separator = ', '): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${pairs.join(separator)}}`;
}
