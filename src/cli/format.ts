import type { LocatedFinding } from './scan';

/** The JSON Lines record of a finding: stable keys, one object per line. */
export function findingRecord(finding: LocatedFinding): Record<string, unknown> {
  return {
    detection: finding.detection,
    title: finding.title,
    severity: finding.severity,
    technique: finding.technique,
    tactic: finding.tactic,
    file: finding.file,
    line: finding.line,
    time: finding.time,
    namespace: finding.namespace,
    pod: finding.pod,
    container: finding.container,
    image: finding.image,
    user: finding.user,
    node: finding.node,
    resource: finding.resource,
    name: finding.name,
    evidence: finding.evidence,
    ...(finding.auditID ? { auditID: finding.auditID } : {}),
  };
}

const COLUMNS: Array<{ title: string; value: (finding: LocatedFinding) => string; max: number }> = [
  { title: 'SEVERITY', value: (finding) => finding.severity, max: 8 },
  { title: 'DETECTION', value: (finding) => finding.detection, max: 36 },
  { title: 'TECHNIQUE', value: (finding) => finding.technique, max: 10 },
  { title: 'TIME', value: (finding) => finding.time, max: 30 },
  { title: 'NAMESPACE', value: (finding) => finding.namespace || '-', max: 20 },
  { title: 'OBJECT', value: (finding) => objectName(finding), max: 40 },
  { title: 'USER', value: (finding) => finding.user || '-', max: 40 },
  { title: 'WHERE', value: (finding) => `${finding.file}:${finding.line}`, max: 60 },
];

function objectName(finding: LocatedFinding): string {
  if (finding.pod) {
    return `pod/${finding.pod}`;
  }
  if (finding.resource || finding.name) {
    return `${finding.resource || '?'}/${finding.name || '?'}`;
  }
  return finding.container || finding.image || '-';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Formats findings as an aligned table for people, with a summary line. */
export function formatTable(findings: readonly LocatedFinding[], eventsRead: number): string {
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${eventsRead} event${eventsRead === 1 ? '' : 's'}.`;
  if (findings.length === 0) {
    return `${summary}\n`;
  }
  const rows = findings.map((finding) => COLUMNS.map((column) => clip(column.value(finding), column.max)));
  const widths = COLUMNS.map((column, index) => Math.max(column.title.length, ...rows.map((row) => row[index].length)));
  const render = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
  return [render(COLUMNS.map((column) => column.title)), ...rows.map(render), '', summary].join('\n') + '\n';
}
