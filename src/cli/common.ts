import { findDetection } from '../detections/catalog';
import { type LogDetection, SEVERITIES, Severity } from '../detections/model';
import { type EndpointOptions, parseBaseUrl } from './http';

/** Exit codes of the cordon command. */
export const EXIT = { ok: 0, findings: 1, unreadable: 2, usage: 64 } as const;

/** Output streams, injectable for tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  now: () => number;
}

/** An invalid command line; main prints it with the usage and exits 64. */
export class UsageError extends Error {}

export function parseFormat(value: string | undefined): 'table' | 'json' {
  if (value !== 'table' && value !== 'json') {
    throw new UsageError(`Invalid --format "${value}": use table or json.`);
  }
  return value;
}

export function parseSeverity(value: string | undefined, option: string): Severity | undefined {
  if (value === undefined) {
    return undefined;
  }
  const severity = value.toLowerCase();
  if (!SEVERITIES.includes(severity as Severity)) {
    throw new UsageError(`Invalid ${option} "${value}": use one of ${SEVERITIES.join(', ')}.`);
  }
  return severity as Severity;
}

export function parsePositiveInteger(value: string, option: string, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < 1 || number > max) {
    throw new UsageError(`Invalid ${option} "${value}": use a whole number from 1 to ${max}.`);
  }
  return number;
}

/** Builds endpoint options from a URL option, an optional tenant and a token in the environment. */
export function endpoint(url: string | undefined, option: string, tenant: string | undefined, token: string | undefined, timeoutMs: number): EndpointOptions | undefined {
  if (url === undefined) {
    return undefined;
  }
  try {
    return { baseUrl: parseBaseUrl(url, option), tenant, bearerToken: token, timeoutMs };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Finds the log detection a --detection value names. A metric detection raises a usage error
 * that ends with `metricHint`, the command that runs it instead.
 */
export function findLogDetection(id: string, command: string, metricHint: string): LogDetection {
  let detection;
  try {
    detection = findDetection(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (detection.kind === 'metric') {
    throw new UsageError(`Invalid --detection "${id}" for ${command}: it is a metric detection, which reads Prometheus; ${metricHint}.`);
  }
  return detection;
}
