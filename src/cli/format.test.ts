import type { HuntFinding } from './hunt';
import { formatHuntTable } from './format';

const RANGE = { startMs: Date.parse('2026-12-04T11:00:00Z'), endMs: Date.parse('2026-12-04T12:00:00Z') };

const FINDING = {
  detection: 'k8s-exec-attach',
  title: 'Shell or attach into a running container',
  severity: 'medium',
  technique: 'T1609',
  tactic: 'Execution',
  time: '2026-12-04T11:30:00Z',
  namespace: 'default',
  pod: 'web-1',
  user: 'dev@example.com',
  evidence: {},
  source: 'loki',
} as unknown as HuntFinding;

describe('formatHuntTable', () => {
  test('summary names detections and range', () => {
    const text = formatHuntTable([], { detections: 33, skipped: 0, failed: 0, ...RANGE });
    expect(text).toBe('0 findings from 33 of 33 detections, 2026-12-04T11:00:00.000Z to 2026-12-04T12:00:00.000Z.\n');
  });

  test('summary counts skipped and failed', () => {
    const text = formatHuntTable([], { detections: 33, skipped: 3, failed: 2, ...RANGE });
    expect(text).toContain('0 findings from 28 of 33 detections');
    expect(text).toContain('; 3 skipped and 2 failed, listed on stderr.');
  });

  test('summary follows the table', () => {
    const lines = formatHuntTable([FINDING], { detections: 1, skipped: 0, failed: 0, ...RANGE }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+DETECTION/);
    expect(lines[1]).toContain('pod/web-1');
    expect(lines[1]).toMatch(/loki$/);
    expect(lines[lines.length - 1]).toBe('1 finding from 1 of 1 detection, 2026-12-04T11:00:00.000Z to 2026-12-04T12:00:00.000Z.');
  });

  test('container without resource shows its name', () => {
    const finding = { ...FINDING, detection: 'container-without-pod', pod: '', namespace: '', name: 'xmrig', source: 'prometheus' } as HuntFinding;
    const row = formatHuntTable([finding], { detections: 1, skipped: 0, failed: 0, ...RANGE }).split('\n')[1];
    expect(row).toMatch(/ xmrig /);
    expect(row).not.toContain('?/');
  });
});
