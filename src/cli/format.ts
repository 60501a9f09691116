import type { Finding } from '../matcher/findings';
import type { HuntFinding } from './hunt';
import type { LocatedFinding } from './scan';

function baseRecord(finding: Finding): Record<string, unknown> {
  return {
    detection: finding.detection,
    title: finding.title,
    severity: finding.severity,
    technique: finding.technique,
    tactic: finding.tactic,
    time: finding.time,
    namespace: finding.namespace,
    pod: finding.pod,
    container: finding.container,
    image: finding.image,
    user: finding.user,
    outcome: finding.outcome,
    node: finding.node,
    resource: finding.resource,
    name: finding.name,
    evidence: finding.evidence,
    ...(finding.auditID ? { auditID: finding.auditID } : {}),
  };
}

/** Builds the JSON Lines record of a scan finding: stable keys, one object per line. */
export function findingRecord(finding: LocatedFinding): Record<string, unknown> {
  const { detection, title, severity, technique, ...rest } = baseRecord(finding);
  return { detection, title, severity, technique, file: finding.file, line: finding.line, ...rest };
}

/** Builds the JSON Lines record of a hunt finding, with the source it was read from. */
export function huntRecord(finding: HuntFinding): Record<string, unknown> {
  return { ...baseRecord(finding), source: finding.source };
}

function objectName(finding: Finding): string {
  if (finding.pod) {
    return `pod/${finding.pod}`;
  }
  if (finding.resource) {
    return `${finding.resource}/${finding.name || finding.evidence.Deleted || '?'}`;
  }
  // Metric findings name a container by cAdvisor's name label, with no API resource.
  return finding.name || finding.container || finding.image || '-';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Formats findings as an aligned table for people; `where` fills the last column. */
function formatTable<T extends Finding>(findings: readonly T[], where: { title: string; value: (finding: T) => string }, summary: string): string {
  if (findings.length === 0) {
    return `${summary}\n`;
  }
  const columns: Array<{ title: string; value: (finding: T) => string; max: number }> = [
    { title: 'SEVERITY', value: (finding) => finding.severity, max: 8 },
    { title: 'DETECTION', value: (finding) => finding.detection, max: 36 },
    { title: 'TECHNIQUE', value: (finding) => finding.technique, max: 10 },
    { title: 'TIME', value: (finding) => finding.time || '-', max: 30 },
    { title: 'NAMESPACE', value: (finding) => finding.namespace || '-', max: 20 },
    { title: 'OBJECT', value: objectName, max: 40 },
    // The user and the place of the event are what an analyst copies, so they are never cut.
    { title: 'USER', value: (finding) => finding.user || '-', max: Infinity },
    { ...where, max: Infinity },
  ];
  const rows = findings.map((finding) => columns.map((column) => clip(column.value(finding), column.max)));
  const widths = columns.map((column, index) => Math.max(column.title.length, ...rows.map((row) => row[index].length)));
  const render = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
  return [render(columns.map((column) => column.title)), ...rows.map(render), '', summary].join('\n') + '\n';
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Formats scan findings, with the file and line of each event. */
export function formatScanTable(findings: readonly LocatedFinding[], eventsRead: number): string {
  const summary = `${plural(findings.length, 'finding')} in ${plural(eventsRead, 'event')}.`;
  return formatTable(findings, { title: 'WHERE', value: (finding) => `${finding.file}:${finding.line}` }, summary);
}

/** The scope of a hunt, for the summary line under its findings. */
export interface HuntCoverage {
  detections: number;
  skipped: number;
  failed: number;
  startMs: number;
  endMs: number;
}

/**
 * Formats hunt findings, with the source each came from. The summary names the detections that
 * ran and the range, because "0 findings" alone reads as clean even when most detections did not run.
 */
export function formatHuntTable(findings: readonly HuntFinding[], coverage: HuntCoverage): string {
  const ran = coverage.detections - coverage.skipped - coverage.failed;
  const range = `${new Date(coverage.startMs).toISOString()} to ${new Date(coverage.endMs).toISOString()}`;
  const notRun = coverage.skipped + coverage.failed > 0 ? `; ${coverage.skipped} skipped and ${coverage.failed} failed, listed on stderr` : '';
  const summary = `${plural(findings.length, 'finding')} from ${ran} of ${plural(coverage.detections, 'detection')}, ${range}${notRun}.`;
  return formatTable(findings, { title: 'SOURCE', value: (finding) => finding.source }, summary);
}
