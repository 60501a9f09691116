import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { compileLogDetection } from '../../../compiler/logql/compile';
import { PreparedDetection } from '../../../matcher/detector';
import type { NormalizedEvent } from '../../../matcher/events';
import { falcoEventFromLoki } from '../../../matcher/falcoText';
import { CordonSettings, DEFAULT_SETTINGS, logSource } from '../../../settings';
import { loadCases, readEvents } from '../../../testing/cases';
import { parseLogQL } from '../../../testing/queryParsers';
import type { LogDetection, TuningValues } from '../../model';
import type { FalcoFormat, FalcoLabelNames } from '../../telemetry';
import { FALCO_DETECTIONS } from './index';
import { IGNORED_NAMESPACES_PARAMETER, RULES_PARAMETER } from './tuning';

const FORMATS: FalcoFormat[] = ['text', 'json'];
const CUSTOM_LABELS: FalcoLabelNames = { rule: 'falco_rule', priority: 'falco_priority', namespace: 'namespace', pod: 'pod' };
const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'shared-data', 'falco-alerts');

/** Values that would break a query if they were spliced into it unquoted. */
const HOSTILE_VALUES = ['say "hi"', 'back\\slash', 'a|b', 'close)', '"}', 'two\nlines', '{{ .rule }}', '`tick`', '.*', '${x}'];

function settingsFor(format: FalcoFormat, labels: FalcoLabelNames = DEFAULT_SETTINGS.falcoLabels): CordonSettings {
  return { ...DEFAULT_SETTINGS, falcoFormat: format, falcoLabels: labels };
}

function compile(detection: LogDetection, format: FalcoFormat, tuning?: TuningValues, labels?: FalcoLabelNames) {
  return compileLogDetection(detection, logSource(settingsFor(format, labels), 'falco'), {
    maxArrayElements: DEFAULT_SETTINGS.maxArrayElements,
    tuning,
  });
}

function defaultRules(detection: LogDetection): readonly string[] {
  const parameter = detection.tuning.find((candidate) => candidate.name === RULES_PARAMETER);
  if (parameter?.kind !== 'list') {
    throw new Error(`${detection.id} has no list parameter ${RULES_PARAMETER}`);
  }
  return parameter.default;
}

const byId = FALCO_DETECTIONS.map((detection) => [detection.id, detection] as const);

describe.each(byId)('%s', (_id, detection) => {
  test.each(FORMATS)('compiles to valid LogQL in %s format', (format) => {
    const compiled = compile(detection, format);
    expect(parseLogQL(compiled.logQuery).errors).toEqual([]);
    expect(parseLogQL(compiled.metricQuery).errors).toEqual([]);
  });

  test('selects the rule stream label in text format', () => {
    const compiled = compile(detection, 'text');
    // The rule matcher moves into the stream selector, where Loki's index applies it.
    expect(compiled.logQuery).toMatch(/^\{[^}]*, rule=~"/);
    expect(compiled.logQuery).not.toContain('| json');
    expect(compiled.lineFilters).toEqual([]);
  });

  test('uses the configured label names in text format', () => {
    const compiled = compile(detection, 'text', { [IGNORED_NAMESPACES_PARAMETER]: ['kube-system'] }, CUSTOM_LABELS);
    expect(compiled.logQuery).toMatch(/falco_rule=~"/);
    expect(compiled.logQuery).toMatch(/namespace!~"kube-system"/);
    expect(parseLogQL(compiled.logQuery).errors).toEqual([]);
  });

  test('extracts the rule field in JSON format', () => {
    const compiled = compile(detection, 'json');
    expect(compiled.extractions).toContainEqual({ label: 'cordon_rule', path: 'rule' });
    expect(compiled.lineFilters.length).toBeGreaterThan(0);
  });

  test.each(FORMATS)('keeps the query shape with hostile rule names in %s format', (format) => {
    // A name that Go's JSON encoder escapes turns the JSON line filter from a regex into a
    // key check, so the baseline has one such name too.
    const baseline = compile(detection, format, { [RULES_PARAMETER]: [...defaultRules(detection), 'plain "quoted" name'] });
    const hostile = compile(detection, format, { [RULES_PARAMETER]: [...defaultRules(detection), ...HOSTILE_VALUES] });
    expect(parseLogQL(hostile.logQuery).errors).toEqual([]);
    expect(parseLogQL(hostile.logQuery).shape).toBe(parseLogQL(baseline.logQuery).shape);
    expect(parseLogQL(hostile.metricQuery).shape).toBe(parseLogQL(baseline.metricQuery).shape);
  });

  test('keeps the text query shape of the defaults with hostile rule names', () => {
    const hostile = compile(detection, 'text', { [RULES_PARAMETER]: HOSTILE_VALUES });
    expect(parseLogQL(hostile.logQuery).shape).toBe(parseLogQL(compile(detection, 'text').logQuery).shape);
  });

  test.each(FORMATS)('keeps the query shape with hostile namespaces in %s format', (format) => {
    const baseline = compile(detection, format, { [IGNORED_NAMESPACES_PARAMETER]: ['kube-system'] });
    const hostile = compile(detection, format, { [IGNORED_NAMESPACES_PARAMETER]: HOSTILE_VALUES });
    expect(parseLogQL(hostile.logQuery).errors).toEqual([]);
    expect(parseLogQL(hostile.logQuery).shape).toBe(parseLogQL(baseline.logQuery).shape);
    expect(parseLogQL(hostile.metricQuery).shape).toBe(parseLogQL(baseline.metricQuery).shape);
  });

  test('rejects an empty rule list', () => {
    expect(() => compile(detection, 'text', { [RULES_PARAMETER]: [] })).toThrow(
      new RegExp(`Tuning parameter falcoRules of detection ${detection.id} is empty`)
    );
  });

  test('cites the falcosecurity/rules files it read', () => {
    expect(detection.references.some((reference) => reference.startsWith('https://github.com/falcosecurity/rules/blob/'))).toBe(true);
    expect(detection.description).toContain('falco-rules 5.1.0');
  });
});

describe('Falco rule lists', () => {
  test('give each rule name to one detection only', () => {
    const names = FALCO_DETECTIONS.flatMap(defaultRules);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('ignored namespaces', () => {
  const [, shell] = byId.find(([id]) => id === 'falco-shell-in-container')!;
  const alert = readEvents(path.join(__dirname, '..', '..', '..', '..', 'test', 'cases', 'falco-shell-in-container', 'attack-terminal-shell.json'))[0];
  const prepare = (tuning: TuningValues) =>
    new PreparedDetection(shell, logSource(settingsFor('json'), 'falco'), { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements, tuning });

  test('skip alerts from a listed namespace', () => {
    expect(prepare({ [IGNORED_NAMESPACES_PARAMETER]: ['shop'] }).matches(alert)).toBe(false);
  });

  test('keep alerts from other namespaces', () => {
    expect(prepare({ [IGNORED_NAMESPACES_PARAMETER]: ['kube-system'] }).matches(alert)).toBe(true);
  });

  test('skip alerts without a namespace when "" is listed', () => {
    // The JSON query reads the stored line, so the line changes with the event.
    const hostEvent = { ...alert.event, output_fields: {} };
    const hostAlert = { ...alert, event: hostEvent, line: JSON.stringify(hostEvent) };
    expect(prepare({ [IGNORED_NAMESPACES_PARAMETER]: [''] }).matches(hostAlert)).toBe(false);
    expect(prepare({ [IGNORED_NAMESPACES_PARAMETER]: ['kube-system'] }).matches(hostAlert)).toBe(true);
  });
});

/**
 * Builds the stream labels falcosidekick 2.34.1 sets for an alert (outputs/loki.go): rule, source,
 * priority as its priority type prints it, namespace and pod when they are strings, hostname
 * when set, and the tags sorted and joined with commas.
 */
function falcosidekickLabels(alert: Record<string, unknown>): Record<string, string> {
  const fields = (alert.output_fields ?? {}) as Record<string, unknown>;
  const labels: Record<string, string> = {
    rule: String(alert.rule),
    source: typeof alert.source === 'string' ? alert.source : '',
    priority: sidekickPriority(String(alert.priority ?? '')),
  };
  if (typeof fields['k8s.ns.name'] === 'string') {
    labels.k8s_ns_name = fields['k8s.ns.name'];
  }
  if (typeof fields['k8s.pod.name'] === 'string') {
    labels.k8s_pod_name = fields['k8s.pod.name'];
  }
  if (typeof alert.hostname === 'string' && alert.hostname !== '') {
    labels.hostname = alert.hostname;
  }
  if (Array.isArray(alert.tags) && alert.tags.length > 0) {
    labels.tags = [...(alert.tags as string[])].sort().join(',');
  }
  return labels;
}

function sidekickPriority(priority: string): string {
  const names = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];
  const lower = priority.toLowerCase();
  return lower === 'info' ? 'Informational' : (names.find((name) => name.toLowerCase() === lower) ?? '');
}

function renameLabels(labels: Record<string, string>, names: FalcoLabelNames): Record<string, string> {
  const renamed: Record<string, string> = { ...labels };
  for (const [key, from] of [['rule', 'rule'], ['priority', 'priority'], ['namespace', 'k8s_ns_name'], ['pod', 'k8s_pod_name']] as const) {
    delete renamed[from];
    if (labels[from] !== undefined) {
      renamed[names[key]] = labels[from];
    }
  }
  return renamed;
}

function asStoredText(alert: NormalizedEvent, names: FalcoLabelNames): NormalizedEvent {
  const output = String(alert.event.output);
  const labels = renameLabels(falcosidekickLabels(alert.event), names);
  return { telemetry: 'falco', event: falcoEventFromLoki(labels, output, names), line: output };
}

describe('matcher on JSON alerts and on falcosidekick text entries', () => {
  const caseAlerts = FALCO_DETECTIONS.flatMap((detection) => loadCases(detection.id).flatMap((entry) => entry.events));
  const fixtureAlerts = readdirSync(FIXTURES).flatMap((file) => readEvents(path.join(FIXTURES, file)));
  const alerts = [...caseAlerts, ...fixtureAlerts].filter((event) => event.telemetry === 'falco');
  const tunings: TuningValues[] = [{}, { [IGNORED_NAMESPACES_PARAMETER]: ['kube-system', ''] }];

  test('reads enough alerts to compare', () => {
    expect(caseAlerts.length).toBeGreaterThan(10);
    expect(fixtureAlerts.length).toBe(7);
  });

  describe.each(byId)('%s', (_id, detection) => {
    test.each([
      ['default labels', DEFAULT_SETTINGS.falcoLabels],
      ['custom labels', CUSTOM_LABELS],
    ] as const)('gives the same answer with %s', (_name, names) => {
      for (const tuning of tunings) {
        const options = { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements, tuning };
        const fromJson = new PreparedDetection(detection, logSource(settingsFor('json'), 'falco'), options);
        const fromText = new PreparedDetection(detection, logSource(settingsFor('text', names), 'falco'), options);
        const answers = alerts.map((alert) => ({
          rule: alert.event.rule,
          json: fromJson.matches(alert),
          text: fromText.matches(asStoredText(alert, names)),
        }));
        expect(answers.filter((answer) => answer.json !== answer.text)).toEqual([]);
        expect(answers.some((answer) => answer.json)).toBe(true);
      }
    });
  });
});
