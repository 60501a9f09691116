import { FieldType, createDataFrame } from '@grafana/data';
import { compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import type { Detection } from '../detections/model';
import { CordonSettings, logSource, metricSelectors } from '../settings';
import { PlanContext, QueryPlan, selectDetections } from './plan';
import type { CordonQuery } from './types';

/** Compiles a detection with the app settings: its LogQL log query or its PromQL. */
export function detectionQuery(detection: Detection, settings: CordonSettings): string {
  try {
    if (detection.kind === 'log') {
      const source = logSource(settings, detection.telemetry);
      return compileLogDetection(detection, source, { maxArrayElements: settings.maxArrayElements, tuning: settings.tuning[detection.id] }).logQuery;
    }
    return compileMetricDetection(detection, metricSelectors(settings), settings.tuning[detection.id]).query;
  } catch (error) {
    return `Cannot compile with the current settings: ${(error as Error).message}`;
  }
}

/** Plans a `catalog` query: a table of the selected detections; it queries no data source. */
export function planCatalog(query: CordonQuery, context: PlanContext): QueryPlan {
  const { detections, problems } = selectDetections(query, context.catalog);
  return {
    loki: [],
    prom: [],
    build: () => ({
      frames: [
        createDataFrame({
          refId: query.refId,
          name: 'Catalog',
          fields: [
            { name: 'id', type: FieldType.string, values: detections.map((detection) => detection.id) },
            { name: 'title', type: FieldType.string, values: detections.map((detection) => detection.title) },
            { name: 'severity', type: FieldType.string, values: detections.map((detection) => detection.severity) },
            { name: 'technique', type: FieldType.string, values: detections.map((detection) => detection.technique.id) },
            { name: 'tactic', type: FieldType.string, values: detections.map((detection) => detection.technique.tactic.name) },
            { name: 'telemetry', type: FieldType.string, values: detections.map((detection) => detection.telemetry) },
            { name: 'query', type: FieldType.string, values: detections.map((detection) => detectionQuery(detection, context.settings)) },
          ],
          meta: { preferredVisualisationType: 'table' },
        }),
      ],
      errors: problems.map((message) => ({ refId: query.refId, message })),
    }),
  };
}
