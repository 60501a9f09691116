import { type LogDetection, severityRank, Severity } from '../detections/model';
import { PreparedDetection } from '../matcher/detector';
import { normalizeEvent } from '../matcher/events';
import type { Finding } from '../matcher/findings';
import { StageIndex, mergeStages } from '../matcher/mergeStages';
import { CordonSettings, logSource } from '../settings';
import { listInputFiles } from './inputFiles';
import { InputProblem, readJsonValues } from './readers';

/** A finding with the place in the input where its event was read. */
export interface LocatedFinding extends Finding {
  file: string;
  line: number;
}

export interface ScanResult {
  findings: LocatedFinding[];
  /** Lines that are not JSON, or JSON that is not an event Cordon reads. */
  problems: InputProblem[];
  /** Inputs that could not be read at all. */
  unreadable: InputProblem[];
  /** Files inside folders that were not read, because their extension is not an event extension. */
  skipped: string[];
  eventsRead: number;
}

/**
 * Runs log detections over files and folders of JSON events. Findings of one request logged
 * at several audit stages (same detection and auditID) merge into one, keeping the latest stage.
 * `onProblem` receives problems as they happen, so a long scan reports them without delay.
 */
export async function scan(
  inputs: string[],
  detections: readonly LogDetection[],
  settings: CordonSettings,
  onProblem: (problem: InputProblem) => void = () => undefined
): Promise<ScanResult> {
  // Files hold Falco's JSON, so the in-process matcher reads Falco fields as JSON paths.
  const fileSettings: CordonSettings = { ...settings, falcoFormat: 'json' };
  const prepared = detections.map(
    (detection) =>
      new PreparedDetection(detection, logSource(fileSettings, detection.telemetry), {
        maxArrayElements: settings.maxArrayElements,
        tuning: settings.tuning[detection.id],
      })
  );
  const { files, unreadable, skipped } = await listInputFiles(inputs);
  const findings: LocatedFinding[] = [];
  const problems: InputProblem[] = [];
  const byRequest: StageIndex = new Map();
  let eventsRead = 0;

  const report = (problem: InputProblem) => {
    problems.push(problem);
    onProblem(problem);
  };

  for (const file of files) {
    let values = 0;
    let firstProblem: InputProblem | undefined;
    try {
      for await (const item of readJsonValues(file)) {
        if ('problem' in item) {
          firstProblem ??= item.problem;
          report(item.problem);
          continue;
        }
        values++;
        const { record } = item;
        const event = normalizeEvent(record.value, record.raw);
        if ('unmapped' in event) {
          report({ file: record.file, line: record.line, reason: event.unmapped });
          continue;
        }
        eventsRead++;
        for (const detection of prepared) {
          if (detection.matches(event)) {
            mergeStages(findings, byRequest, { ...detection.finding(event), file: record.file, line: record.line });
          }
        }
      }
    } catch (error) {
      unreadable.push({ file, line: 0, reason: (error as Error).message });
      continue;
    }
    if (values === 0 && firstProblem) {
      // Not one line was JSON: a binary, compressed or plain-text file, which must not pass as clean.
      unreadable.push({ file, line: 0, reason: `no line is JSON (line ${firstProblem.line}: ${firstProblem.reason})` });
    }
  }
  return { findings, problems, unreadable, skipped, eventsRead };
}

/** Tells whether any finding is at or above the severity. */
export function reachesSeverity(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((finding) => severityRank(finding.severity) >= severityRank(threshold));
}
