import { Finding, isLaterStage } from './findings';

/** The finding of each audit stage seen for one detection and auditID: its index in the list. */
export type StageIndex = Map<string, Map<string, number>>;

/**
 * Adds a finding, or merges it into the finding of another stage of the same request: same
 * detection and auditID, both with a stage, and different stages. The merged finding keeps the
 * latest stage. Records that repeat an auditID at the same stage are kept apart, since real
 * audit IDs are unique per request; a client can set the Audit-ID header, so the work per
 * finding stays constant however many records share one ID.
 */
export function mergeStages<T extends Finding>(findings: T[], byRequest: StageIndex, finding: T): void {
  if (!finding.auditID || !finding.stage) {
    findings.push(finding);
    return;
  }
  const key = `${finding.detection}\u0000${finding.auditID}`;
  const stages = byRequest.get(key) ?? new Map<string, number>();
  byRequest.set(key, stages);
  let sibling: number | undefined;
  for (const [stage, index] of stages) {
    if (stage !== finding.stage) {
      sibling = index;
      break;
    }
  }
  if (sibling === undefined) {
    if (!stages.has(finding.stage)) {
      stages.set(finding.stage, findings.length);
    }
    findings.push(finding);
    return;
  }
  if (isLaterStage(finding, findings[sibling])) {
    // The merged finding now stands for this stage too.
    const previousStage = findings[sibling].stage!;
    findings[sibling] = finding;
    stages.delete(previousStage);
    if (!stages.has(finding.stage)) {
      stages.set(finding.stage, sibling);
    }
  }
}
