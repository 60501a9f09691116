import { CATALOG } from '../../detections/catalog';
import type { Detection, TuningParameter } from '../../detections/model';
import { CordonSettings, resolveSettings } from '../../settings';
import { messageOf } from './messageOf';

/**
 * Tuning overrides as the user types them: detection id, then parameter name, then the text of
 * the field. A list is one value per line. Only changed parameters have an entry, and text is
 * kept verbatim so that an invalid value is shown and corrected, not lost.
 */
export type TuningForm = Record<string, Record<string, string>>;

/** The detections that have tuning parameters, in catalog order. */
export const TUNABLE_DETECTIONS: readonly Detection[] = CATALOG.filter((detection) => detection.tuning.length > 0);

/** Key of a tuning field in the form's errors. */
export function tuningFieldKey(id: string, name: string): `tuning.${string}` {
  return `tuning.${id}.${name}`;
}

/** Writes a tuning value as the text of its field: a list as one value per line. */
export function tuningText(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  }
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Returns the text a parameter's field shows when it is not overridden. */
export function defaultText(parameter: TuningParameter): string {
  return tuningText(parameter.default);
}

/**
 * Reads the text of a field as the parameter's value. Blank lines and the spaces around each
 * list value are dropped, since no Kubernetes name, image or Falco rule starts or ends with one.
 * A number that does not parse is returned as the text, so that the settings check names it.
 */
export function parseTuningText(parameter: TuningParameter, text: string): string[] | number | string {
  switch (parameter.kind) {
    case 'list':
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'number': {
      const trimmed = text.trim();
      return /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/i.test(trimmed) ? Number(trimmed) : trimmed;
    }
    case 'duration':
      return text.trim();
  }
}

/** Fills the tuning form from stored jsonData.tuning; entries of unknown detections or parameters are kept. */
export function tuningFormFromJsonData(stored: unknown): TuningForm {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return {};
  }
  const form: TuningForm = {};
  for (const [id, values] of Object.entries(stored)) {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      form[id] = { '': tuningText(values) };
      continue;
    }
    form[id] = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, tuningText(value)]));
  }
  return form;
}

function parameterOf(id: string, name: string): TuningParameter | undefined {
  return CATALOG.find((detection) => detection.id === id)?.tuning.find((parameter) => parameter.name === name);
}

/**
 * Entries of the form that the fields of the page cannot show: detections or parameters that do
 * not exist (left in jsonData by an older version or a typo in provisioning).
 */
export function unknownTuningEntries(form: TuningForm): Array<{ id: string; name: string }> {
  return Object.entries(form).flatMap(([id, values]) =>
    Object.keys(values)
      .filter((name) => parameterOf(id, name) === undefined)
      .map((name) => ({ id, name }))
  );
}

/**
 * Checks each overridden parameter on its own with the settings check the pages use, so each
 * error names its field. Unknown entries are reported under the key `tuning`.
 */
export function validateTuning(form: TuningForm): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [id, values] of Object.entries(form)) {
    for (const [name, text] of Object.entries(values)) {
      const parameter = parameterOf(id, name);
      if (!parameter) {
        continue;
      }
      const message = messageOf(() => resolveSettings({ tuning: { [id]: { [name]: parseTuningText(parameter, text) } } }));
      if (message) {
        errors[tuningFieldKey(id, name)] = message;
      }
    }
  }
  const unknown = unknownTuningEntries(form);
  if (unknown.length > 0) {
    const names = unknown.map(({ id, name }) => (name === '' ? id : `${id}.${name}`)).join(', ');
    errors.tuning = `The saved tuning names parameters that no detection has: ${names}. Remove them to save; the parameters of each detection are listed below.`;
  }
  return errors;
}

/** Builds jsonData.tuning: the parsed overrides, leaving out those equal to the default. */
export function tuningFromForm(form: TuningForm): CordonSettings['tuning'] {
  const tuning: CordonSettings['tuning'] = {};
  for (const [id, values] of Object.entries(form)) {
    for (const [name, text] of Object.entries(values)) {
      const parameter = parameterOf(id, name);
      if (!parameter) {
        throw new Error(`Unknown tuning parameter ${name} of detection ${id}: remove it from the tuning.`);
      }
      const value = parseTuningText(parameter, text);
      if (JSON.stringify(value) === JSON.stringify(parameter.default)) {
        continue;
      }
      tuning[id] = { ...tuning[id], [name]: value };
    }
  }
  return tuning;
}

/** Sets the text of one field, or removes its override when `text` is undefined. */
export function setTuningText(form: TuningForm, id: string, name: string, text: string | undefined): TuningForm {
  const values = { ...form[id] };
  if (text === undefined) {
    delete values[name];
  } else {
    values[name] = text;
  }
  const next = { ...form };
  if (Object.keys(values).length === 0) {
    delete next[id];
  } else {
    next[id] = values;
  }
  return next;
}

/** Removes the entries that unknownTuningEntries reports. */
export function withoutUnknownTuning(form: TuningForm): TuningForm {
  return unknownTuningEntries(form).reduce((next, { id, name }) => setTuningText(next, id, name, undefined), form);
}

/** Counts the parameters of a detection whose field differs from the default. */
export function changedCount(form: TuningForm, detection: Detection): number {
  return detection.tuning.filter((parameter) => {
    const text = form[detection.id]?.[parameter.name];
    return text !== undefined && JSON.stringify(parseTuningText(parameter, text)) !== JSON.stringify(parameter.default);
  }).length;
}
