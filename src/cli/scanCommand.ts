import { parseArgs } from 'node:util';
import { LOG_DETECTIONS } from '../detections/catalog';
import type { LogDetection } from '../detections/model';
import { EXIT, Io, UsageError, findLogDetection, parseFormat, parseSeverity } from './common';
import { loadSettings } from './config';
import { findingRecord, formatScanTable } from './format';
import { EVENT_FILE_EXTENSIONS } from './inputFiles';
import { reachesSeverity, scan } from './scan';

export async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      'fail-on': { type: 'string' },
      config: { type: 'string' },
      detection: { type: 'string', multiple: true, default: [] },
    },
  });
  const format = parseFormat(values.format);
  const failOn = parseSeverity(values['fail-on'], '--fail-on');
  if (positionals.length === 0) {
    throw new UsageError('scan needs at least one file or folder to read.');
  }

  const detections = selectLogDetections(values.detection as string[]);
  const settings = await loadSettings(values.config);
  const result = await scan(positionals, detections, settings, (problem) =>
    io.stderr(`${problem.file}:${problem.line}: ${problem.reason}\n`)
  );
  if (result.skipped.length > 0) {
    io.stderr(`cordon: skipped ${result.skipped.length} file(s) in folders without a ${EVENT_FILE_EXTENSIONS.join(', ')} extension: ${result.skipped.join(', ')}; name a file to read it anyway.\n`);
  }
  for (const input of result.unreadable) {
    io.stderr(`${input.file}: cannot read: ${input.reason}\n`);
  }
  if (format === 'json') {
    io.stdout(result.findings.map((finding) => JSON.stringify(findingRecord(finding)) + '\n').join(''));
  } else {
    io.stdout(formatScanTable(result.findings, result.eventsRead));
  }
  if (result.unreadable.length > 0) {
    return EXIT.unreadable;
  }
  if (failOn !== undefined && reachesSeverity(result.findings, failOn)) {
    return EXIT.findings;
  }
  return EXIT.ok;
}

/** Picks the log detections named by --detection, or all of them; scan reads no metrics. */
function selectLogDetections(ids: readonly string[]): readonly LogDetection[] {
  if (ids.length === 0) {
    return LOG_DETECTIONS;
  }
  return ids.map((id) => findLogDetection(id, 'scan', `run "cordon hunt --prometheus-url URL --detection ${id}"`));

}
