import { ScenarioSeries, formatValue } from './series';

/**
 * Renders a series as promtool's `values` notation (Prometheus 2.42): the history, then
 * `liveSamples` samples of the live behaviour. `a+bxn` expands to n+1 samples and `_xn` to n
 * missing samples.
 */
export function promtoolValues(series: ScenarioSeries, intervalSeconds: number, liveSamples: number): string {
  const parts: string[] = [];
  let counter: number | undefined;
  let index = 0;
  for (const segment of series.history) {
    if ('absent' in segment) {
      parts.push(`_x${segment.samples}`);
    } else if ('value' in segment) {
      parts.push(`${formatValue(segment.value)}x${segment.samples - 1}`);
    } else {
      const step = segment.increasePerSecond * intervalSeconds;
      const first = counter === undefined ? 0 : counter + step;
      parts.push(`${formatValue(first)}+${formatValue(step)}x${segment.samples - 1}`);
      counter = first + step * (segment.samples - 1);
    }
    index += segment.samples;
  }
  if (liveSamples > 0) {
    const live = series.live;
    if ('absent' in live) {
      parts.push(`_x${liveSamples}`);
    } else if ('value' in live) {
      parts.push(`${formatValue(live.value)}x${liveSamples - 1}`);
    } else {
      const step = live.increasePerSecond * intervalSeconds;
      const base = counter ?? 0;
      parts.push(`${formatValue(base + step)}+${formatValue(step)}x${liveSamples - 1}`);
    }
  }
  return index === 0 && liveSamples === 0 ? '' : parts.join(' ');
}
