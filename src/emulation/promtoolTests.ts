import { stringify } from 'yaml';
import { detectionAnnotations, detectionLabels } from '../alerting/metadata';
import type { MetricDetection } from '../detections/model';
import { DetectionScenarios, MetricScenario, scenarioSeries } from './metricScenarios';
import { promtoolValues } from './promtoolSeries';
import { formatLabels } from './series';
import { renderAnnotation } from './templates';

export interface PromtoolTestOptions {
  detection: MetricDetection;
  set: DetectionScenarios;
  /** Alert name in the rule file. */
  alertName: string;
  /** Rule file name, relative to the test file. */
  ruleFile: string;
  /** Grafana URL the rule file was built with, for the expected runbook_url. */
  grafanaUrl: string;
}

/** How many benign checks spread over the live phase. */
const SILENT_CHECKS = 3;

/**
 * Builds a `promtool test rules` file (Prometheus 2.42) with one test per scenario. An attack
 * expects exactly its alerts, with every label and annotation, at the last evaluation of the
 * live phase. A benign twin expects no alert at several evaluations of the live phase.
 */
export function buildPromtoolTestFile(options: PromtoolTestOptions): string {
  const { set } = options;
  const file = {
    rule_files: [options.ruleFile],
    evaluation_interval: `${set.promtoolEvaluationSeconds}s`,
    tests: set.scenarios.map((scenario) => ({
      name: scenario.name,
      interval: `${set.intervalSeconds}s`,
      input_series: scenarioSeries(set, scenario).map((series) => ({
        series: `${series.metric}${formatLabels(series.labels)}`,
        values: promtoolValues(series, set.intervalSeconds, set.liveSamples),
      })),
      alert_rule_test: evaluationTimes(set, scenario).map((seconds) => ({
        eval_time: `${seconds}s`,
        alertname: options.alertName,
        exp_alerts: scenario.alerts.map((labels) => expectedAlert(options, labels)),
      })),
    })),
  };
  return stringify(file, { lineWidth: 0 });
}

/** Evaluation times to check, whole multiples of the evaluation interval inside the live phase. */
export function evaluationTimes(set: DetectionScenarios, scenario: MetricScenario): number[] {
  const step = set.promtoolEvaluationSeconds;
  const liveStart = set.historySamples * set.intervalSeconds;
  const last = Math.floor(((set.historySamples + set.liveSamples - 1) * set.intervalSeconds) / step) * step;
  if (scenario.expect === 'fire') {
    return [last];
  }
  const first = Math.ceil(liveStart / step) * step + step;
  const times = new Set<number>();
  for (let i = 0; i < SILENT_CHECKS; i++) {
    const time = first + Math.round(((last - first) * i) / Math.max(1, SILENT_CHECKS - 1) / step) * step;
    times.add(Math.min(time, last));
  }
  return [...times].sort((a, b) => a - b);
}

function expectedAlert(options: PromtoolTestOptions, queryLabels: Record<string, string>) {
  const { detection } = options;
  const annotations = detectionAnnotations(detection, options.grafanaUrl, detection.groupBy);
  return {
    exp_labels: { ...queryLabels, ...detectionLabels(detection) },
    exp_annotations: Object.fromEntries(Object.entries(annotations).map(([name, template]) => [name, renderAnnotation(template, queryLabels)])),
  };
}
