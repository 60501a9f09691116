import type { DataQueryError, QueryResultMetaNotice } from '@grafana/data';
import { LogSourceConfig, compileLogDetection } from '../compiler/logql/compile';
import { compileMetricDetection } from '../compiler/promql/compile';
import type { LogDetection, MetricDetection } from '../detections/model';
import type { Finding } from '../matcher/findings';
import { logFindings } from '../matcher/logFindings';
import { metricFindings } from '../matcher/metricFindings';
import { logSource, metricSelectors } from '../settings';
import { findingsFrame } from './findingsFrame';
import { eventReader, readLokiEntries } from './lokiFrames';
import { NamespaceFilter, inNamespaces, interpolateNamespaces, logNamespaceStages, metricSelectorsForNamespaces } from './namespace';
import { PlanContext, QueryPlan, SourceResults, pickSourceHint, selectDetections, subRefId } from './plan';
import { readSeries } from './promFrames';
import { errorFor, framesFor } from './request';
import { CordonQuery, DEFAULT_MAX_LINES, LokiTarget, MAX_LINES_LIMIT, PromTarget } from './types';

interface LogJob {
  detection: LogDetection;
  source: LogSourceConfig;
  refId: string;
}

interface MetricJob {
  detection: MetricDetection;
  refId: string;
}

/** Checks the query's line limit; Loki rejects a limit above its max_entries_limit_per_query. */
export function resolveMaxLines(value: number | undefined): number {
  if (value === undefined || value === null) {
    return DEFAULT_MAX_LINES;
  }
  if (!Number.isInteger(value) || value < 1 || value > MAX_LINES_LIMIT) {
    throw new Error(`Invalid max lines ${JSON.stringify(value)}: use a whole number from 1 to ${MAX_LINES_LIMIT}, Loki's default limit per query.`);
  }
  return value;
}

/**
 * Plans a `detections` query: one Loki range query per log detection, one Prometheus range
 * query per metric detection. A detection whose data source is not configured, or that does
 * not compile, becomes an error while the others run.
 */
export function planDetections(query: CordonQuery, context: PlanContext): QueryPlan {
  const { settings } = context;
  const errors: DataQueryError[] = [];
  const report = (message: string) => errors.push({ refId: query.refId, message });

  const maxLines = resolveMaxLines(query.maxLines);
  const namespaces = interpolateNamespaces(query.namespace, context.scopedVars, context.templateSrv);
  const { detections, problems } = selectDetections(query, context.catalog);
  problems.forEach(report);

  const loki: LokiTarget[] = [];
  const prom: PromTarget[] = [];
  const logJobs: LogJob[] = [];
  const metricJobs: MetricJob[] = [];
  const withoutLoki: string[] = [];
  const withoutPrometheus: string[] = [];

  for (const detection of detections) {
    const refId = subRefId(query.refId, detection.id);
    try {
      if (detection.kind === 'log') {
        if (!settings.lokiUid) {
          withoutLoki.push(detection.id);
          continue;
        }
        const source = logSource(settings, detection.telemetry);
        const compiled = compileLogDetection(detection, source, { maxArrayElements: settings.maxArrayElements, tuning: settings.tuning[detection.id] });
        const stages = namespaces ? logNamespaceStages(source.schema, namespaces) : undefined;
        const expr = stages ? `${compiled.logQuery} ${stages}` : compiled.logQuery;
        loki.push({ refId, expr, queryType: 'range', maxLines, direction: 'backward' });
        logJobs.push({ detection, source, refId });
      } else {
        if (!settings.prometheusUid) {
          withoutPrometheus.push(detection.id);
          continue;
        }
        const selectors = metricSelectorsForNamespaces(metricSelectors(settings), namespaces);
        const compiled = compileMetricDetection(detection, selectors, settings.tuning[detection.id]);
        prom.push({ refId, expr: compiled.query, range: true, instant: false, format: 'time_series' });
        metricJobs.push({ detection, refId });
      }
    } catch (error) {
      report(`Detection ${detection.id} cannot run: ${(error as Error).message}`);
    }
  }
  if (withoutLoki.length > 0) {
    report(`No Loki data source is configured, so these log detections did not run: ${withoutLoki.join(', ')}. ${pickSourceHint('Loki')}`);
  }
  if (withoutPrometheus.length > 0) {
    report(`No Prometheus data source is configured, so these metric detections did not run: ${withoutPrometheus.join(', ')}. ${pickSourceHint('Prometheus')}`);
  }

  return {
    loki,
    prom,
    build: (results) => buildFindings(query, context, { logJobs, metricJobs, maxLines, namespaces, errors }, results),
  };
}

interface DetectionRun {
  logJobs: LogJob[];
  metricJobs: MetricJob[];
  maxLines: number;
  namespaces: NamespaceFilter;
  errors: DataQueryError[];
}

function buildFindings(query: CordonQuery, context: PlanContext, run: DetectionRun, results: SourceResults) {
  const errors = [...run.errors];
  const findings: Finding[] = [];
  const truncated: string[] = [];
  const unreadable: string[] = [];
  let unreadableTotal = 0;

  for (const job of run.logJobs) {
    const error = errorFor(results.loki, job.refId);
    if (error !== undefined) {
      errors.push({ refId: query.refId, message: `Detection ${job.detection.id}: the Loki query failed: ${error}` });
      continue;
    }
    const entries = readLokiEntries(framesFor(results.loki, job.refId));
    if (entries.length >= run.maxLines) {
      truncated.push(job.detection.id);
    }
    const result = logFindings(job.detection, job.source, entries, eventReader(job.detection.telemetry, context.settings));
    if (result.unreadable > 0) {
      unreadableTotal += result.unreadable;
      unreadable.push(`${job.detection.id}: ${result.unreadable} (${result.firstError ?? 'unknown error'})`);
    }
    findings.push(...result.findings);
  }

  for (const job of run.metricJobs) {
    const error = errorFor(results.prom, job.refId);
    if (error !== undefined) {
      errors.push({ refId: query.refId, message: `Detection ${job.detection.id}: the Prometheus query failed: ${error}` });
      continue;
    }
    const { series, stepSeconds } = readSeries(framesFor(results.prom, job.refId));
    // Samples more than two steps apart belong to separate runs, so separate findings.
    const step = stepSeconds ?? Math.max(1, (context.range.to.valueOf() - context.range.from.valueOf()) / 1000);
    findings.push(...metricFindings(job.detection, series, 2 * step));
  }

  const notices: QueryResultMetaNotice[] = [];
  if (truncated.length > 0) {
    notices.push({
      severity: 'warning',
      text:
        `Results are truncated: ${truncated.join(', ')} returned ${run.maxLines} lines, the max lines of this query, so older matching events ` +
        `in the time range were not read. Narrow the time range or the namespace, or raise max lines (up to ${MAX_LINES_LIMIT}).`,
    });
  }
  if (unreadableTotal > 0) {
    notices.push({
      severity: 'warning',
      text: `${unreadableTotal} lines from Loki could not be read as events and were skipped; by detection: ${unreadable.join('; ')}.`,
    });
  }

  const inScope = findings.filter((finding) => inNamespaces(finding.namespace, run.namespaces));
  return { frames: [findingsFrame(inScope, { refId: query.refId, notices, appSubUrl: context.appSubUrl })], errors };
}
