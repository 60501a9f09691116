import { TECHNIQUES } from '../detections/attack';
import type { Condition } from '../detections/conditions';
import type { LogDetection } from '../detections/model';

/** Builds a log detection around one condition, for tests of the compiler and the matcher. */
export function conditionDetection(telemetry: LogDetection['telemetry'], condition: Condition): LogDetection {
  return {
    kind: 'log',
    id: 'test-detection',
    title: 'Test',
    description: 'Test detection.',
    severity: 'low',
    technique: TECHNIQUES.deployContainer,
    telemetry,
    condition: () => condition,
    evidence: [],
    falsePositives: [],
    tuning: [],
    response: { investigate: [], contain: [], forensics: [], remediate: [] },
    references: [],
  };
}
