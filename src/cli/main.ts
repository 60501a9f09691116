import { EXIT, Io, UsageError } from './common';
import { runEmulate } from './emulateCommand';
import { runExport } from './exportCommand';
import { runHunt } from './huntCommand';
import { runScan } from './scanCommand';

const USAGE = `Usage: cordon <command> [options]

Commands:
  scan [--format table|json] [--fail-on SEVERITY] [--config FILE] PATH...
      Run the log detections on Kubernetes audit events, Falco alerts and Docker events
      in files or folders (JSON Lines, or JSON documents holding one event or an array;
      gzip-compressed files too). PATH "-" reads standard input.

  hunt [--loki-url URL] [--prometheus-url URL] [--since 24h] [--until TIME]
       [--detection ID]... [--config FILE] [--format table|json] [--fail-on SEVERITY]
       [--max-events N] [--loki-tenant ID] [--prometheus-tenant ID] [--timeout SECONDS]
      Run the detections against Loki and Prometheus over a time range. Bearer tokens are
      read from CORDON_LOKI_TOKEN and CORDON_PROMETHEUS_TOKEN. --config reads the app's
      settings (selectors, Falco format, tuning) from a JSON file.

  emulate logs --loki-url URL [--detection ID]... [--benign] [--cases DIR] [--config FILE]
  emulate files --out DIR [--detection ID]... [--benign] [--every SECONDS]
  emulate metrics [--port 9400] [--attack-after SECONDS]
      Replay the attack library (and with --benign its look-alikes) with fresh ids and
      times: push it to Loki as the shippers would store it, or append it to files that a
      log shipper tails (kube-audit.log, falco.log, docker-events.log); or serve the
      metric attack scenarios and their benign twins for Prometheus on 127.0.0.1.

  export grafana-rules|prometheus-rules|loki-rules --grafana-url URL [--config FILE]
       [--loki-uid UID] [--prometheus-uid UID] [--org-id N] [--output FILE]
  export catalog [--output FILE]
      Write the alert rules generated from the catalog: Grafana file provisioning, a
      Prometheus rule file (metric detections) or a Loki ruler file (log detections);
      --grafana-url makes the runbook links absolute. Or write the catalog as Markdown.

Exit codes: 0 completed, 1 a finding reached --fail-on, 2 an input (file, settings file,
Loki, Prometheus) could not be read, 64 invalid command line.
`;

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => Date.now(),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(USAGE);
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
    io.stderr(`cordon: ${(error as Error).message}\n`);
    return EXIT.unreadable;
  }
}
