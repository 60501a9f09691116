import type { TuningParameter, TuningValues } from '../../detections/model';

/** Splits a tuning value into the items shown one by one: list items with "" for an empty string, or the one value. */
export function tuningValueItems(value: TuningValues[string]): string[] {
  if (Array.isArray(value)) {
    return value.map((item) => (item === '' ? '""' : item));
  }
  return [String(value)];
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
