import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { Severity } from '../detections/model';

export type CordonQueryType = 'detections' | 'coverage' | 'catalog';

export interface CordonQuery extends DataQuery {
  /** The kind of table the query returns; a query saved without one runs detections. */
  queryType?: CordonQueryType;
  /** Ids of the detections to run; empty or missing runs every detection. */
  detections?: string[];
  /** Findings of detections below this severity are left out. */
  minSeverity?: Severity;
  /** A namespace name or a template variable; empty means every namespace. */
  namespace?: string;
  /** Lines each log detection reads from Loki, newest first. */
  maxLines?: number;
}

/** The data source keeps no settings of its own: Loki, Prometheus and selectors are app settings. */
export interface CordonDataSourceOptions extends DataSourceJsonData {}

export const APP_ID = 'cordon-detection-app';

/** Grafana's page for the app's settings, where users pick the Loki and Prometheus data sources. */
export const APP_CONFIG_PATH = `/plugins/${APP_ID}`;

export const DEFAULT_MAX_LINES = 1000;

/** Loki's default max_entries_limit_per_query; Loki rejects a larger limit instead of cutting it. */
export const MAX_LINES_LIMIT = 5000;

export const DEFAULT_QUERY: Partial<CordonQuery> = {
  queryType: 'detections',
  detections: [],
  maxLines: DEFAULT_MAX_LINES,
};

/** A query for Grafana's Loki data source, in the fields its query model reads. */
export interface LokiTarget extends DataQuery {
  expr: string;
  queryType: 'range' | 'instant';
  maxLines?: number;
  direction?: 'backward' | 'forward';
}

/** A query for Grafana's Prometheus data source, in the fields its query model reads. */
export interface PromTarget extends DataQuery {
  expr: string;
  range: boolean;
  instant: boolean;
  format: 'time_series';
}
