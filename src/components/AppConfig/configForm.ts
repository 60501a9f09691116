import type { FalcoFormat, FalcoLabelNames, LogTelemetry } from '../../detections/telemetry';
import {
  CordonSettings,
  DEFAULT_SETTINGS,
  MAX_ARRAY_ELEMENTS_LIMIT,
  metricMatchers,
  resolveSettings,
  streamSelector,
} from '../../settings';
import { messageOf } from './messageOf';
import { TuningForm, tuningFormFromJsonData, tuningFromForm, validateTuning } from './tuningForm';

/** The configuration form as the user types it: every text field is kept verbatim, even when invalid. */
export interface ConfigForm {
  lokiUid?: string;
  prometheusUid?: string;
  auditSelector: string;
  falcoSelector: string;
  runtimeSelector: string;
  falcoFormat: FalcoFormat;
  falcoLabels: FalcoLabelNames;
  cadvisorMatchers: string;
  kubeStateMetricsMatchers: string;
  maxArrayElements: string;
  tuning: TuningForm;
}

export type FalcoLabelKey = keyof FalcoLabelNames;

/**
 * Form fields that can hold an error. A Falco label field is named falcoLabels.<key>, a tuning
 * parameter tuning.<detection>.<parameter>, and `tuning` contains the errors of entries no field shows.
 */
export type FormField = Exclude<keyof ConfigForm, 'falcoLabels'> | `falcoLabels.${FalcoLabelKey}` | `tuning.${string}`;

export type FormErrors = Partial<Record<FormField, string>>;

/** Fills the form from stored jsonData, with defaults for what is not stored. */
export function formFromJsonData(stored: Partial<CordonSettings> | undefined): ConfigForm {
  const value = <K extends keyof CordonSettings>(key: K): CordonSettings[K] => stored?.[key] ?? DEFAULT_SETTINGS[key];
  return {
    lokiUid: stored?.lokiUid,
    prometheusUid: stored?.prometheusUid,
    auditSelector: String(value('auditSelector')),
    falcoSelector: String(value('falcoSelector')),
    runtimeSelector: String(value('runtimeSelector')),
    falcoFormat: value('falcoFormat'),
    falcoLabels: { ...DEFAULT_SETTINGS.falcoLabels, ...stored?.falcoLabels },
    cadvisorMatchers: String(value('cadvisorMatchers')),
    kubeStateMetricsMatchers: String(value('kubeStateMetricsMatchers')),
    maxArrayElements: String(value('maxArrayElements')),
    tuning: tuningFormFromJsonData(stored?.tuning),
  };
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SELECTOR_FIELDS: Record<LogTelemetry, 'auditSelector' | 'falcoSelector' | 'runtimeSelector'> = {
  audit: 'auditSelector',
  falco: 'falcoSelector',
  runtime: 'runtimeSelector',
};

/** Parses the array element limit, or returns undefined unless it is an integer in the accepted range. */
function parseMaxArrayElements(text: string): number | undefined {
  if (!/^\s*[0-9]+\s*$/.test(text)) {
    return undefined;
  }
  const value = Number(text);
  return value >= 1 && value <= MAX_ARRAY_ELEMENTS_LIMIT ? value : undefined;
}

/** Checks every field on its own, with the same parsers the queries use, so each error names its field. */
export function validateForm(form: ConfigForm): FormErrors {
  const errors: FormErrors = {};
  for (const [telemetry, field] of Object.entries(SELECTOR_FIELDS) as Array<
    [LogTelemetry, (typeof SELECTOR_FIELDS)[LogTelemetry]]
  >) {
    errors[field] = messageOf(() => streamSelector({ ...DEFAULT_SETTINGS, [field]: form[field] }, telemetry));
  }
  errors.cadvisorMatchers = messageOf(() => metricMatchers(form.cadvisorMatchers, 'cAdvisor matchers'));
  errors.kubeStateMetricsMatchers = messageOf(() =>
    metricMatchers(form.kubeStateMetricsMatchers, 'kube-state-metrics matchers')
  );
  for (const [key, label] of Object.entries(form.falcoLabels) as Array<[FalcoLabelKey, string]>) {
    if (!LABEL_NAME.test(label)) {
      errors[`falcoLabels.${key}`] =
        `Invalid Loki label name ${JSON.stringify(label)}: use letters, digits and underscores, not starting with a digit, for example ${DEFAULT_SETTINGS.falcoLabels[key]}.`;
    }
  }
  if (parseMaxArrayElements(form.maxArrayElements) === undefined) {
    errors.maxArrayElements = `Invalid number of array elements ${JSON.stringify(form.maxArrayElements)}: enter a whole number from 1 to ${MAX_ARRAY_ELEMENTS_LIMIT}.`;
  }
  Object.assign(errors, validateTuning(form.tuning));
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as FormErrors;
}

/**
 * Builds the jsonData to save: the form's values over the stored jsonData, so that keys this form
 * does not edit (other features' settings) survive. Throws when a value is invalid.
 */
export function jsonDataFromForm(
  form: ConfigForm,
  stored: Record<string, unknown> | undefined
): Partial<CordonSettings> & Record<string, unknown> {
  const errors = Object.values(validateForm(form));
  if (errors.length > 0) {
    throw new Error(errors.join(' '));
  }
  const jsonData: Partial<CordonSettings> & Record<string, unknown> = {
    ...stored,
    lokiUid: form.lokiUid || undefined,
    prometheusUid: form.prometheusUid || undefined,
    auditSelector: form.auditSelector.trim(),
    falcoSelector: form.falcoSelector.trim(),
    runtimeSelector: form.runtimeSelector.trim(),
    falcoFormat: form.falcoFormat,
    falcoLabels: { ...form.falcoLabels },
    cadvisorMatchers: form.cadvisorMatchers.trim(),
    kubeStateMetricsMatchers: form.kubeStateMetricsMatchers.trim(),
    maxArrayElements: parseMaxArrayElements(form.maxArrayElements),
    tuning: tuningFromForm(form.tuning),
  };
  // The pages resolve the saved jsonData with resolveSettings, so nothing it rejects may be saved.
  resolveSettings(jsonData);
  return jsonData;
}
