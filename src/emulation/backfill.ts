import { DetectionScenarios, clusterSeries } from './metricScenarios';
import { formatLabels, formatValue, historyValues } from './series';

/**
 * Renders the history of every scenario as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`, the last sample of each series at `endMs`.
 * Series of one metric are written together, each in time order, and the text ends in `# EOF`.
 */
export function historyAsOpenMetrics(sets: readonly DetectionScenarios[], endMs: number): string {
  const families = new Map<string, string[]>();
  for (const { series, intervalSeconds } of clusterSeries(sets)) {
    const values = historyValues(series, intervalSeconds);
    const name = `${series.metric}${formatLabels(series.labels, ',')}`;
    const lines = families.get(series.metric) ?? [];
    values.forEach((value, index) => {
      if (value !== undefined) {
        const seconds = endMs / 1000 - (values.length - 1 - index) * intervalSeconds;
        lines.push(`${name} ${formatValue(value)} ${seconds.toFixed(3)}`);
      }
    });
    families.set(series.metric, lines);
  }
  const body = [...families.values()].flat().join('\n');
  return `${body}\n# EOF\n`;
}
