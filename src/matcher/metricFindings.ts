import type { MetricDetection } from '../detections/model';
import type { Finding } from './findings';

/** One Prometheus series: its labels and its samples as [unix seconds, value]. */
export interface SeriesSamples {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/**
 * Turns the series of a firing metric query into findings: one per contiguous run of samples,
 * at the run's first sample, with the run's peak value as evidence. Samples further apart than
 * `gapSeconds` (normally twice the query step) start a new run.
 */
export function metricFindings(detection: MetricDetection, series: readonly SeriesSamples[], gapSeconds: number): Finding[] {
  const findings: Finding[] = [];
  for (const { labels, samples } of series) {
    let runStart: number | undefined;
    let previous: number | undefined;
    let peak = -Infinity;
    const flush = () => {
      if (runStart !== undefined) {
        findings.push(metricFinding(detection, labels, runStart, peak));
      }
    };
    for (const [time, value] of [...samples].sort((a, b) => a[0] - b[0])) {
      if (!Number.isFinite(value)) {
        continue;
      }
      if (runStart === undefined || previous === undefined || time - previous > gapSeconds) {
        flush();
        runStart = time;
        peak = value;
      } else {
        peak = Math.max(peak, value);
      }
      previous = time;
    }
    flush();
  }
  return findings;
}

function metricFinding(detection: MetricDetection, labels: Record<string, string>, time: number, peak: number): Finding {
  const entity = (name: keyof MetricDetection['entities']) => {
    const label = detection.entities[name];
    return label ? (labels[label] ?? '') : '';
  };
  const evidence: Record<string, string> = { Peak: `${formatNumber(peak)} ${detection.valueUnit}`.trim() };
  for (const [name, value] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    if (name !== '__name__' && value !== '') {
      evidence[name] = value;
    }
  }
  return {
    time: new Date(time * 1000).toISOString(),
    detection: detection.id,
    title: detection.title,
    severity: detection.severity,
    technique: detection.technique.id,
    tactic: detection.technique.tactic.name,
    namespace: entity('namespace'),
    pod: entity('pod'),
    container: entity('container'),
    image: entity('image'),
    user: entity('user'),
    node: entity('node'),
    resource: entity('resource'),
    name: entity('name'),
    outcome: entity('outcome'),
    evidence,
  };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}
