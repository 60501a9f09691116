import { parseArgs } from 'node:util';
import { LOG_DETECTIONS } from '../detections/catalog';
import { SEVERITIES, Severity } from '../detections/model';
import { DEFAULT_SETTINGS } from '../settings';
import { findingRecord, formatTable } from './format';
import { EVENT_FILE_EXTENSIONS } from './readers';
import { reachesSeverity, scan } from './scan';

/** Exit codes of the cordon command. */
export const EXIT = { ok: 0, findings: 1, unreadable: 2, usage: 64 } as const;

const USAGE = `Usage: cordon <command> [options]

Commands:
  scan [--format table|json] [--fail-on SEVERITY] PATH...
      Run the log detections on Kubernetes audit events, Falco alerts and Docker events
      in files or folders (JSON Lines, or JSON documents holding one event or an array).

Exit codes: 0 scan completed, 1 a finding reached --fail-on, 2 an input could not be read,
64 invalid command line.
`;

/** Output streams, injectable for tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

class UsageError extends Error {}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cordon: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}

async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'table' }, 'fail-on': { type: 'string' } },
  });
  if (values.format !== 'table' && values.format !== 'json') {
    throw new UsageError(`Invalid --format "${values.format}": use table or json.`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) {
    throw new UsageError(`Invalid --fail-on "${failOn}": use one of ${SEVERITIES.join(', ')}.`);
  }
  if (positionals.length === 0) {
    throw new UsageError('scan needs at least one file or folder to read.');
  }

  const result = await scan(positionals, LOG_DETECTIONS, DEFAULT_SETTINGS, (problem) =>
    io.stderr(`${problem.file}:${problem.line}: ${problem.reason}\n`)
  );
  if (result.skipped.length > 0) {
    io.stderr(`cordon: skipped ${result.skipped.length} file(s) in folders without a ${EVENT_FILE_EXTENSIONS.join(', ')} extension: ${result.skipped.join(', ')}; name a file to read it anyway.\n`);
  }
  for (const input of result.unreadable) {
    io.stderr(`${input.file}: cannot read: ${input.reason}\n`);
  }
  if (values.format === 'json') {
    io.stdout(result.findings.map((finding) => JSON.stringify(findingRecord(finding)) + '\n').join(''));
  } else {
    io.stdout(formatTable(result.findings, result.eventsRead));
  }
  if (result.unreadable.length > 0) {
    return EXIT.unreadable;
  }
  if (failOn !== undefined && reachesSeverity(result.findings, failOn as Severity)) {
    return EXIT.findings;
  }
  return EXIT.ok;
}
