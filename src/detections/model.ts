import type { Technique } from './attack';
import type { Condition } from './conditions';
import type { EntityField, LogTelemetry } from './telemetry';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Severities from lowest to highest. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** A value an operator can change without editing the detection, such as a list of trusted users. */
export type TuningParameter =
  | { name: string; kind: 'list'; description: string; default: readonly string[] }
  | { name: string; kind: 'number'; description: string; default: number; min?: number; max?: number }
  | { name: string; kind: 'duration'; description: string; default: string };

export type TuningValues = Record<string, readonly string[] | number | string>;

/** A field shown to the analyst with every finding. */
export interface EvidenceField {
  label: string;
  /** JSON paths in the event, `[*]` standing for every element of an array; values of all paths are shown. */
  paths: readonly string[];
  /**
   * Builds the text shown from the values of each path, in the order of `paths`, such as a
   * sentence about a response code. Unset, all values are joined with ", ". An empty text leaves
   * the field out of the finding.
   */
  format?: (values: ReadonlyArray<readonly string[]>) => string;
}

/** The response steps of the runbook; each entry is one imperative sentence. */
export interface ResponseGuidance {
  investigate: readonly string[];
  contain: readonly string[];
  forensics: readonly string[];
  remediate: readonly string[];
}

interface DetectionBase {
  /** Stable id in kebab case; alert rule uids and runbook addresses derive from it. */
  id: string;
  title: string;
  /** What the detection finds and why it matters, in a few sentences. */
  description: string;
  severity: Severity;
  technique: Technique;
  /** Benign activity that looks the same, and how to tell it apart. */
  falsePositives: readonly string[];
  tuning: readonly TuningParameter[];
  response: ResponseGuidance;
  references: readonly string[];
}

/** A detection over log events stored in Loki; its condition compiles to LogQL. */
export interface LogDetection extends DetectionBase {
  kind: 'log';
  telemetry: LogTelemetry;
  condition: (tuning: TuningValues) => Condition;
  evidence: readonly EvidenceField[];
  /** Range of the alerting count, `count_over_time(...[window])`; 5m when unset. */
  window?: string;
}

/** A detection over Prometheus series; its template renders to PromQL. */
export interface MetricDetection extends DetectionBase {
  kind: 'metric';
  telemetry: 'metrics';
  /** PromQL with `${name}` placeholders for tuning parameters and configured selectors. */
  query: string;
  /** Labels of the result series; they become alert labels and finding fields. */
  groupBy: readonly string[];
  /** How each entity field of a finding is read from the series labels. */
  entities: Partial<Record<EntityField, string>>;
  /** The unit of the query value, shown beside it as evidence. */
  valueUnit: string;
}

export type Detection = LogDetection | MetricDetection;

/** Resolves tuning values: overrides win over defaults, and unknown names are rejected. */
export function resolveTuning(detection: Detection, overrides: TuningValues = {}): TuningValues {
  const values: TuningValues = {};
  for (const parameter of detection.tuning) {
    values[parameter.name] = parameter.default;
  }
  for (const [name, value] of Object.entries(overrides)) {
    const parameter = detection.tuning.find((candidate) => candidate.name === name);
    if (!parameter) {
      const known = detection.tuning.map((candidate) => candidate.name).join(', ') || 'none';
      throw new Error(`Unknown tuning parameter "${name}" for detection ${detection.id}; known parameters: ${known}.`);
    }
    values[name] = checkTuningValue(detection.id, parameter, value);
  }
  return values;
}

const DURATION = /^[0-9]+(ms|s|m|h|d|w|y)$/;

function checkTuningValue(id: string, parameter: TuningParameter, value: unknown): TuningValues[string] {
  const where = `Tuning parameter ${parameter.name} of detection ${id}`;
  switch (parameter.kind) {
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw new Error(`${where} must be a list of strings, got ${JSON.stringify(value)}.`);
      }
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`${where} must be a number, got ${JSON.stringify(value)}.`);
      }
      if ((parameter.min !== undefined && value < parameter.min) || (parameter.max !== undefined && value > parameter.max)) {
        throw new Error(`${where} must be between ${parameter.min ?? '-∞'} and ${parameter.max ?? '∞'}, got ${value}.`);
      }
      return value;
    case 'duration':
      if (typeof value !== 'string' || !DURATION.test(value)) {
        throw new Error(`${where} must be a duration such as 5m or 1h, got ${JSON.stringify(value)}.`);
      }
      return value;
  }
}
