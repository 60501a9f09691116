import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ScanResult, scan } from '../src/cli/scan';
import { FALCO_DETECTIONS } from '../src/detections/catalog/falco';
import { LOG_DETECTIONS } from '../src/detections/catalog';
import { RUNTIME_DETECTIONS } from '../src/detections/catalog/runtime';
import { DEFAULT_SETTINGS } from '../src/settings';

const FOLDER = path.join(__dirname, 'fixtures', 'shared-data', 'falco-alerts');

/**
 * The Falco and runtime findings every public sample alert should give, by line. Only the
 * Terminal shell alert comes from a rule these detections report. "Write below binary dir" is
 * a write, not an execution, so container drift stays silent on it.
 */
const EXPECTED: Record<string, string[][]> = {
  'falco_integrations_k8s_daemonset_readme_terminal_shell.json': [['falco-shell-in-container']],
  'falcosidekick_alertmanager_test_syscall_event_drop.json': [[], [], []],
  'falcosidekick_client_test_falcoTestInput.json': [[]],
  'falcosidekick_pagerduty_test_input.json': [[]],
  'falcosidekick_readme_curl_example.json': [[]],
};

const OWN_IDS = new Set([...FALCO_DETECTIONS, ...RUNTIME_DETECTIONS].map((detection) => detection.id));

describe('public Falco alerts', () => {
  let result: ScanResult;

  beforeAll(async () => {
    result = await scan([FOLDER], LOG_DETECTIONS, DEFAULT_SETTINGS);
  });

  test('lists every sample file', () => {
    expect(readdirSync(FOLDER).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('reads every alert without problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.unreadable).toEqual([]);
    expect(result.eventsRead).toBe(7);
  });

  test.each(Object.entries(EXPECTED))('%s gives the expected findings', (file, perLine) => {
    const own = result.findings.filter((finding) => OWN_IDS.has(finding.detection) && path.basename(finding.file) === file);
    perLine.forEach((expected, index) => {
      const found = own.filter((finding) => finding.line === index + 1).map((finding) => finding.detection);
      expect(found.sort()).toEqual([...expected].sort());
    });
    expect(own.filter((finding) => finding.line > perLine.length)).toEqual([]);
  });

  test('shell finding carries the alert evidence', () => {
    const [finding] = result.findings.filter((candidate) => candidate.detection === 'falco-shell-in-container');
    expect(finding).toMatchObject({
      time: '2017-12-20T17:48:58.590038385Z',
      severity: 'medium',
      technique: 'T1059.004',
      pod: 'falco-74htl',
      user: 'root',
      namespace: '',
    });
    expect(finding.evidence).toMatchObject({
      Rule: 'Terminal shell in container',
      Priority: 'Notice',
      Process: 'bash',
      'Container ID': 'a98c2aa8e670',
      Terminal: '34816',
    });
    // proc.pname is null in the sample, so no parent evidence is shown.
    expect(finding.evidence['Parent process']).toBeUndefined();
  });
});
