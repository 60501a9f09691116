import { DataFrame, FieldType, QueryResultMetaNotice, createDataFrame } from '@grafana/data';
import { RUNBOOK_PARAMETERS, runbookPath } from '../alerting/metadata';
import type { Finding } from '../matcher/findings';

/** Epoch ms of a finding's ISO time, or null when it has none. */
function findingMillis(finding: Finding): number | null {
  const millis = Date.parse(finding.time);
  return Number.isNaN(millis) ? null : millis;
}

/** Sorts findings newest first; findings without a time go last, ties by detection id. */
export function sortNewestFirst(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const difference = (findingMillis(b) ?? -Infinity) - (findingMillis(a) ?? -Infinity);
    if (difference !== 0 && !Number.isNaN(difference)) {
      return difference;
    }
    return a.detection.localeCompare(b.detection);
  });
}

export function formatEvidence(evidence: Record<string, string>): string {
  return Object.entries(evidence)
    .map(([label, value]) => `${label}: ${value}`)
    .join('; ');
}

/**
 * Builds the address of a finding's runbook page below Grafana's sub path: the detection in the
 * path, and its entities and time as URL-encoded parameters (empty ones left out).
 */
export function runbookUrl(finding: Finding, appSubUrl: string): string {
  const parameters = new URLSearchParams();
  for (const name of RUNBOOK_PARAMETERS) {
    if (finding[name] !== '') {
      parameters.set(name, finding[name]);
    }
  }
  if (finding.time !== '') {
    parameters.set('time', finding.time);
  }
  const query = parameters.toString();
  return `${appSubUrl.replace(/\/+$/, '')}${runbookPath(finding.detection)}${query ? `?${query}` : ''}`;
}

export interface FindingsFrameOptions {
  refId: string;
  notices: QueryResultMetaNotice[];
  /** Grafana's sub path, such as "/grafana", or "" at the root. */
  appSubUrl: string;
}

/** Builds the table of findings, newest first. */
export function findingsFrame(findings: readonly Finding[], options: FindingsFrameOptions): DataFrame {
  const rows = sortNewestFirst(findings);
  const text = (name: string, read: (finding: Finding) => string) => ({ name, type: FieldType.string, values: rows.map(read) });
  return createDataFrame({
    refId: options.refId,
    name: 'Findings',
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map(findingMillis) },
      text('detection', (finding) => finding.detection),
      text('title', (finding) => finding.title),
      text('severity', (finding) => finding.severity),
      text('technique', (finding) => finding.technique),
      text('tactic', (finding) => finding.tactic),
      text('namespace', (finding) => finding.namespace),
      text('pod', (finding) => finding.pod),
      text('container', (finding) => finding.container),
      text('image', (finding) => finding.image),
      text('user', (finding) => finding.user),
      text('outcome', (finding) => finding.outcome),
      text('evidence', (finding) => formatEvidence(finding.evidence)),
      {
        ...text('runbook', (finding) => runbookUrl(finding, options.appSubUrl)),
        // The value is already a complete, encoded address; `:raw` keeps Grafana from encoding it again.
        config: { links: [{ title: 'Open the runbook', url: '${__value.raw:raw}' }] },
      },
    ],
    meta: { preferredVisualisationType: 'table', notices: options.notices },
  });
}
