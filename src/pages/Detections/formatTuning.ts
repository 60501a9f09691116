import type { TuningParameter, TuningValues } from '../../detections/model';

/** Formats a tuning value for display: list items separated by commas, "(empty list)" for none. */
export function formatTuningValue(value: TuningValues[string]): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '(empty list)' : value.map((item) => (item === '' ? '""' : item)).join(', ');
  }
  return String(value);
}

/** Describes what a parameter accepts, such as "number from 1 to 10" or "duration". */
export function describeKind(parameter: TuningParameter): string {
  if (parameter.kind !== 'number') {
    return parameter.kind;
  }
  if (parameter.min !== undefined && parameter.max !== undefined) {
    return `number from ${parameter.min} to ${parameter.max}`;
  }
  if (parameter.min !== undefined) {
    return `number, at least ${parameter.min}`;
  }
  if (parameter.max !== undefined) {
    return `number, at most ${parameter.max}`;
  }
  return 'number';
}
