import { RUNBOOK_PARAMETERS } from '../alerting/metadata';

export type RunbookParameter = (typeof RUNBOOK_PARAMETERS)[number];

/** The alert's values as the runbook reads them from the page's URL. Every value is untrusted text. */
export interface RunbookContext {
  values: Partial<Record<RunbookParameter, string>>;
  /** Alert time in epoch milliseconds; the current time when the URL has none. */
  timeMs: number;
  timeFromUrl: boolean;
  /** Problems with the URL, one sentence each, for the page to show. */
  warnings: string[];
}

/** Longer values are cut off; label values this long are not names, and URLs that long break links. */
export const MAX_VALUE_LENGTH = 1024;

/** Numbers below this are unix seconds, larger ones milliseconds (1e11 s is the year 5138, 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Go's time.Time String format, which `{{ .StartsAt }}` prints in Alertmanager and Grafana
 * notification templates: "2025-03-01 12:00:00.5 +0000 UTC", with a monotonic clock reading
 * (" m=+1.5") on times taken from the clock.
 */
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-]\d{2})(\d{2}) [A-Za-z0-9+-]+(?: m=[+-][0-9.]+)?$/;

/** Shows an untrusted value in a sentence: JSON-quoted, so control characters are visible, and short. */
export function describeValue(value: string): string {
  const shortened = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shortened);
}

/** Parses the alert time: unix seconds, unix milliseconds, RFC 3339, or Go's time format. */
export function parseAlertTime(text: string): number | undefined {
  let ms: number;
  const go = GO_TIME.exec(text);
  if (go) {
    ms = Date.parse(`${go[1]}T${go[2]}${go[3]}:${go[4]}`);
  } else if (/^[0-9]+(\.[0-9]+)?$/.test(text)) {
    const number = Number(text);
    ms = number < SECONDS_LIMIT ? number * 1000 : number;
  } else if (RFC3339.test(text)) {
    ms = Date.parse(text.replace(' ', 'T'));
  } else {
    return undefined;
  }
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? Math.round(ms) : undefined;
}

/** Reads the runbook parameters and the alert time from a URL query string. */
export function parseRunbookContext(search: string | URLSearchParams, nowMs: number): RunbookContext {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values: RunbookContext['values'] = {};
  const warnings: string[] = [];
  for (const name of RUNBOOK_PARAMETERS) {
    const value = params.get(name)?.trim();
    if (!value) {
      continue;
    }
    if (value.length > MAX_VALUE_LENGTH) {
      warnings.push(
        `The ${name} in the address is longer than ${MAX_VALUE_LENGTH} characters, so it was ignored; the steps show <${name}>.`
      );
      continue;
    }
    values[name] = value;
  }

  const timeText = params.get('time')?.trim();
  if (!timeText) {
    return { values, timeMs: nowMs, timeFromUrl: false, warnings };
  }
  const timeMs = parseAlertTime(timeText);
  if (timeMs === undefined) {
    warnings.push(
      `The time ${describeValue(timeText)} is not unix seconds, unix milliseconds or an RFC 3339 time such as 2025-01-31T12:00:00Z, so the steps use the current time.`
    );
    return { values, timeMs: nowMs, timeFromUrl: false, warnings };
  }
  return { values, timeMs, timeFromUrl: true, warnings };
}
