import { compileLogDetection } from '../../compiler/logql/compile';
import { compileMetricDetection } from '../../compiler/promql/compile';
import type { Detection } from '../../detections/model';
import { CordonSettings, logSource, metricSelectors } from '../../settings';

/** One compiled query as the Detections page shows it. */
export interface QueryText {
  label: string;
  /** The label of its copy button, such as "Copy log query". */
  copyLabel: string;
  language: 'LogQL' | 'PromQL';
  text: string;
}

export type CompiledQueries = { status: 'compiled'; queries: QueryText[] } | { status: 'failed'; error: string };

/**
 * Compiles a detection with the app's settings: a log detection yields its LogQL log query and
 * the metric query that alerting counts, a metric detection its PromQL. A detection that fails
 * to compile, for example because of an invalid tuning override, yields the error message.
 */
export function compileQueries(detection: Detection, settings: CordonSettings): CompiledQueries {
  const tuning = settings.tuning[detection.id];
  try {
    if (detection.kind === 'metric') {
      const compiled = compileMetricDetection(detection, metricSelectors(settings), tuning);
      return {
        status: 'compiled',
        queries: [{ label: 'Query', copyLabel: 'Copy query', language: 'PromQL', text: compiled.query }],
      };
    }
    const compiled = compileLogDetection(detection, logSource(settings, detection.telemetry), {
      maxArrayElements: settings.maxArrayElements,
      tuning,
    });
    return {
      status: 'compiled',
      queries: [
        {
          label: 'Log query (matching events)',
          copyLabel: 'Copy log query',
          language: 'LogQL',
          text: compiled.logQuery,
        },
        {
          label: 'Metric query (alert rule)',
          copyLabel: 'Copy metric query',
          language: 'LogQL',
          text: compiled.metricQuery,
        },
      ],
    };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
