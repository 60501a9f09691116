import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';

/** A server process started for a test or benchmark, with its output in a log file. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/** Starts `command` with its stdout and stderr appended to `logFile`. */
export function startProcess(name: string, command: string, args: readonly string[], logFile: string): ManagedProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('error', (error) => log.write(`${name}: failed to start ${command}: ${error.message}\n`));
  return { name, child, logFile };
}

/** Stops a process by its id: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(managed: ManagedProcess, graceMs = 5000): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it responds 200, and fails with the process log's location when `timeoutMs` passes or the process exits. */
export async function waitUntilReady(url: string, managed: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.child.exitCode !== null) {
      throw new Error(`${managed.name} exited with code ${managed.child.exitCode} before ${url} was ready. End of ${managed.logFile}:\n${logTail(managed)}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${managed.name} was not ready at ${url} after ${timeoutMs} ms. End of ${managed.logFile}:\n${logTail(managed)}`);
}

/** Returns the last lines of a process log, because test folders are removed after the run. */
export function logTail(managed: ManagedProcess, characters = 2000): string {
  return existsSync(managed.logFile) ? readFileSync(managed.logFile, 'utf8').slice(-characters) : '(no log written)';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
