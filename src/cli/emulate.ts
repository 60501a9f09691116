import { promises as fs, readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LogTelemetry } from '../detections/telemetry';
import { FALCO_FIELDS } from '../detections/schemas';
import { NormalizedEvent, normalizeEvent } from '../matcher/events';
import { fieldView } from '../matcher/views';
import { CordonSettings, streamSelector } from '../settings';
import { EndpointOptions, describeFetchError } from './http';

/** An emulated event: the case it comes from and the event, with fresh ids and times. */
export interface EmulatedEvent {
  detection: string;
  caseName: string;
  kind: 'attack' | 'benign';
  normalized: NormalizedEvent;
}

/** The attack library that ships with the package: test/cases/<detection id>/attack-*.json. */
export const DEFAULT_CASES_DIR = path.resolve(__dirname, '..', '..', 'test', 'cases');

/**
 * Reads the attack cases (and, with `benign`, their benign twins) of the given detections, or
 * of all detections with cases when `detections` is empty.
 */
export function loadCaseEvents(casesDir: string, detections: readonly string[], benign: boolean): EmulatedEvent[] {
  if (!existsSync(casesDir)) {
    throw new Error(`The cases folder ${casesDir} does not exist; pass --cases with the folder that holds <detection id>/attack-*.json.`);
  }
  const ids = detections.length > 0 ? detections : readdirSync(casesDir).sort();
  const events: EmulatedEvent[] = [];
  for (const id of ids) {
    const folder = path.join(casesDir, id);
    if (!existsSync(folder)) {
      throw new Error(`No cases for detection "${id}" in ${casesDir}.`);
    }
    for (const file of readdirSync(folder).sort()) {
      const kind = file.startsWith('attack-') ? 'attack' : file.startsWith('benign-') ? 'benign' : undefined;
      if (!kind || (kind === 'benign' && !benign) || !/\.jsonl?$/.test(file)) {
        continue;
      }
      const text = readFileSync(path.join(folder, file), 'utf8');
      for (const line of text.split('\n').filter((entry) => entry.trim() !== '')) {
        const normalized = normalizeEvent(JSON.parse(line));
        if ('unmapped' in normalized) {
          throw new Error(`${path.join(folder, file)}: ${normalized.unmapped}`);
        }
        events.push({ detection: id, caseName: file.replace(/\.jsonl?$/, ''), kind, normalized });
      }
    }
  }
  return events;
}

/**
 * Gives an event a new identity and the current time, so that repeated runs are separate
 * requests in the audit log and land inside Loki's accepted time window.
 */
export function freshen(emulated: EmulatedEvent, now: Date, sequence: number): NormalizedEvent {
  const event: Record<string, unknown> = JSON.parse(JSON.stringify(emulated.normalized.event));
  const iso = new Date(now.getTime() + sequence).toISOString();
  switch (emulated.normalized.telemetry) {
    case 'audit':
      event.auditID = `emulated-${now.getTime().toString(36)}-${sequence}`;
      event.requestReceivedTimestamp = iso;
      event.stageTimestamp = iso;
      break;
    case 'falco':
      event.time = iso;
      break;
    case 'runtime':
      event.time = Math.floor((now.getTime() + sequence) / 1000);
      event.timeNano = (now.getTime() + sequence) * 1e6;
      break;
  }
  // NOTE: the line is written anew from the parsed event, so cases that hide a value with a
  // Unicode escape or a repeated key replay without it, and the stages of one request get
  // separate auditIDs. Those evasions are checked by `cordon scan test/cases` and the Loki fixtures.
  return { ...emulated.normalized, event, line: JSON.stringify(event) };
}

interface LokiStream {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

/** Labels of the configured selector that can be written: its `=` matchers. */
function selectorLabels(settings: CordonSettings, telemetry: LogTelemetry): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const matcher of streamSelector(settings, telemetry)) {
    if (matcher.operator === '=') {
      labels[matcher.label] = matcher.value;
    }
  }
  return labels;
}

/**
 * Builds Loki push streams as the shippers would store the events: audit and Docker events as
 * JSON lines; Falco alerts as falcosidekick does (line = output, rule, priority and pod labels)
 * or as JSON, following the settings.
 */
export function toLokiStreams(events: readonly NormalizedEvent[], settings: CordonSettings, now: Date): LokiStream[] {
  const streams = new Map<string, LokiStream>();
  events.forEach((event, index) => {
    const labels = { ...selectorLabels(settings, event.telemetry) };
    let line = event.line;
    if (event.telemetry === 'falco' && settings.falcoFormat === 'text') {
      const names = settings.falcoLabels;
      const view = (field: string) => fieldView(event.event, field);
      Object.assign(labels, { [names.rule]: view(FALCO_FIELDS.rule), [names.priority]: view(FALCO_FIELDS.priority) });
      for (const [label, field] of [
        [names.namespace, FALCO_FIELDS.namespace],
        [names.pod, FALCO_FIELDS.pod],
        ['hostname', FALCO_FIELDS.hostname],
        ['source', 'source'],
      ] as const) {
        if (view(field) !== '') {
          labels[label] = view(field);
        }
      }
      line = view(FALCO_FIELDS.output);
    }
    const key = JSON.stringify(Object.entries(labels).sort());
    const stream = streams.get(key) ?? { stream: labels, values: [] };
    const timeNs = (BigInt(now.getTime()) * BigInt(1_000_000) + BigInt(index)).toString();
    stream.values.push([timeNs, line]);
    streams.set(key, stream);
  });
  return [...streams.values()];
}

/** Pushes streams to Loki's push API. */
export async function pushToLoki(endpoint: EndpointOptions, streams: LokiStream[]): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (endpoint.tenant) {
    headers['X-Scope-OrgID'] = endpoint.tenant;
  }
  if (endpoint.bearerToken) {
    headers.Authorization = `Bearer ${endpoint.bearerToken}`;
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint.baseUrl}/loki/api/v1/push`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ streams }),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch (error) {
    throw new Error(`Push to ${endpoint.baseUrl}/loki/api/v1/push failed: ${describeFetchError(error, endpoint.timeoutMs)}. Check --loki-url and that Loki is reachable.`);
  }
  if (!response.ok) {
    throw new Error(`Push to ${endpoint.baseUrl}/loki/api/v1/push returned HTTP ${response.status}: ${(await response.text()).trim().slice(0, 500)}`);
  }
}

/** Files the emulator writes for a log shipper to tail, one per kind of telemetry. */
export const EMULATION_FILES: Record<LogTelemetry, string> = {
  audit: 'kube-audit.log',
  falco: 'falco.log',
  runtime: 'docker-events.log',
};

/** Appends events as JSON lines to the shipper's files in `dir`. */
export async function appendToFiles(dir: string, events: readonly NormalizedEvent[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [telemetry, file] of Object.entries(EMULATION_FILES) as Array<[LogTelemetry, string]>) {
    const lines = events.filter((event) => event.telemetry === telemetry).map((event) => `${event.line}\n`);
    if (lines.length > 0) {
      await fs.appendFile(path.join(dir, file), lines.join(''));
    }
  }
}
