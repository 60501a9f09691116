import { Finding, isLaterStage } from './findings';

/**
 * Adds a finding, or merges it into the finding of another stage of the same request: same
 * detection and auditID, both with a stage, and different stages. Records that repeat an
 * auditID at the same stage are kept apart, since real audit IDs are unique per request.
 */
export function mergeStages<T extends Finding>(findings: T[], byRequest: Map<string, number[]>, finding: T): void {
  if (!finding.auditID || !finding.stage) {
    findings.push(finding);
    return;
  }
  const key = `${finding.detection}\u0000${finding.auditID}`;
  const indexes = byRequest.get(key) ?? [];
  const sibling = indexes.find((index) => findings[index].stage !== finding.stage);
  if (sibling === undefined) {
    byRequest.set(key, [...indexes, findings.length]);
    findings.push(finding);
  } else if (isLaterStage(finding, findings[sibling])) {
    findings[sibling] = finding;
  }
}
