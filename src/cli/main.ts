import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXIT, Io, UsageError } from './common';
import { runEmulate } from './emulateCommand';
import { runExport } from './exportCommand';
import { runHunt } from './huntCommand';
import { runScan } from './scanCommand';

/** Help of each command, printed by `cordon COMMAND --help` and after its usage errors. */
const COMMAND_USAGE = {
  scan: `  scan [--format table|json] [--fail-on SEVERITY] [--detection ID]... [--config FILE]
       PATH...
      Run the log detections (all, or those named by --detection) on Kubernetes audit
      events, Falco alerts and Docker events in files or folders (JSON Lines, or JSON
      documents holding one event or an array; gzip-compressed files too). PATH "-" reads
      standard input. --format defaults to table. --fail-on (info, low, medium, high,
      critical) exits 1 when a finding has at least that severity.
`,
  hunt: `  hunt [--loki-url URL] [--prometheus-url URL] [--since 24h] [--until TIME]
       [--detection ID]... [--config FILE] [--format table|json] [--fail-on SEVERITY]
       [--max-events N] [--loki-tenant ID] [--prometheus-tenant ID] [--timeout SECONDS]
      Run the detections against Loki and Prometheus over a time range. --since and
      --until take a duration before now (30m, 24h, 7d) or an RFC 3339 time; --since
      defaults to 24h and --until to now. --max-events (default 50000) caps the log lines
      read per detection; --timeout (default 60) caps each request, in seconds. Bearer
      tokens are read from CORDON_LOKI_TOKEN and CORDON_PROMETHEUS_TOKEN. --config reads
      the app's settings (selectors, Falco format, tuning) from a JSON file.
`,
  emulate: `  emulate logs --loki-url URL [--loki-tenant ID] [--timeout SECONDS] [--detection ID]...
       [--benign] [--cases DIR] [--config FILE] [--every SECONDS]
  emulate files --out DIR [--detection ID]... [--benign] [--cases DIR] [--every SECONDS]
  emulate metrics [--port 9400] [--attack-after SECONDS]
      Replay the attack library (and with --benign its look-alikes) with fresh ids and
      times: push it to Loki as the shippers would store it, or append it to files that a
      log shipper tails (kube-audit.log, falco.log, docker-events.log); --every repeats
      the run at that interval until stopped. Or serve the metric attack scenarios and
      their benign twins for Prometheus on 127.0.0.1; the attack phase starts after
      --attack-after seconds (default 0, at once).
`,
  export: `  export grafana-rules|prometheus-rules|loki-rules --grafana-url URL [--config FILE]
       [--loki-uid UID] [--prometheus-uid UID] [--org-id N] [--output FILE]
  export catalog [--output FILE]
      Write the alert rules generated from the catalog: Grafana file provisioning, a
      Prometheus rule file (metric detections) or a Loki ruler file (log detections);
      --grafana-url makes the runbook links absolute. --loki-uid and --prometheus-uid
      (defaults loki and prometheus) name the data sources the Grafana rules query. Or
      write the catalog as Markdown.
`,
} as const;

type Command = keyof typeof COMMAND_USAGE;

const EXIT_CODES = `Exit codes: 0 completed, 1 a finding reached --fail-on, 2 an input (file, settings file,
Loki, Prometheus) could not be read, 64 invalid command line.
`;

/** Builds the help of one command, or of every command when none is named. */
export function usage(command?: string): string {
  const sections = isCommand(command) ? [COMMAND_USAGE[command]] : Object.values(COMMAND_USAGE);
  const heading = isCommand(command) ? `Usage: cordon ${command} [options]\n` : 'Usage: cordon <command> [options]\n       cordon --version\n\nCommands:';
  return `${heading}\n${sections.join('\n')}\n${EXIT_CODES}`;
}

function isCommand(command: string | undefined): command is Command {
  return command !== undefined && Object.hasOwn(COMMAND_USAGE, command);
}

/** Reads the package version; main.js runs from lib/cli and main.ts from src/cli, both two levels below package.json. */
export function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return packageJson.version;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => Date.now(),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(usage(command));
    return EXIT.ok;
  }
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case 'hunt':
        return await runHunt(rest, io);
      case 'emulate':
        return await runEmulate(rest, io);
      case 'export':
        return await runExport(rest, io);
      case 'help':
        io.stdout(usage(rest[0]));
        return EXIT.ok;
      case '--version':
      case '-V':
        io.stdout(`cordon ${packageVersion()}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
        io.stdout(usage());
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cordon: ${(error as Error).message}\n\n${usage(command)}`);
      return EXIT.usage;
    }
    io.stderr(`cordon: ${(error as Error).message}\n`);
    return EXIT.unreadable;
  }
}
