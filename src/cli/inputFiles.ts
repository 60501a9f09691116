import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { InputProblem } from './readers';

/** The name that stands for standard input. */
export const STDIN = '-';

/** Extensions of the files read from a folder; a file named on the command line is always read. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.log'];

/** Tells whether a file in a folder is read: an event extension, optionally compressed (`audit.log.gz`). */
export function hasEventExtension(file: string): boolean {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  return EVENT_FILE_EXTENSIONS.includes(path.extname(name));
}

/**
 * Lists the files under the given paths, recursing into folders, in a stable order. Inside
 * folders only files with an event extension are taken; the others are counted in `skipped`.
 * Symbolic links are followed, but a folder or file reached again through another path is read
 * once, so a link loop ends instead of repeating findings.
 */
export async function listInputFiles(inputs: string[]): Promise<{ files: string[]; unreadable: InputProblem[]; skipped: string[] }> {
  const files: string[] = [];
  const unreadable: InputProblem[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const visit = async (target: string, named: boolean) => {
    if (named && target === STDIN) {
      files.push(target);
      return;
    }
    let stat;
    try {
      stat = await fs.stat(target);
    } catch (error) {
      unreadable.push({ file: target, line: 0, reason: describeFsError(error) });
      return;
    }
    // A pipe such as /dev/stdin or /dev/fd/63 has no real path; it is its own identity.
    const real = await fs.realpath(target).catch(() => target);
    if (seen.has(real)) {
      return;
    }
    seen.add(real);
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = (await fs.readdir(target)).sort();
      } catch (error) {
        unreadable.push({ file: target, line: 0, reason: describeFsError(error) });
        return;
      }
      for (const entry of entries) {
        if (!entry.startsWith('.')) {
          await visit(path.join(target, entry), false);
        }
      }
    } else if (named || hasEventExtension(target)) {
      files.push(target);
    } else {
      skipped.push(target);
    }
  };
  for (const input of inputs) {
    await visit(input, true);
  }
  return { files, unreadable, skipped };
}

/** Describes a file system error in the usual words. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return 'no such file or folder';
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'permission denied';
  }
  if (code === 'ELOOP') {
    return 'too many levels of symbolic links';
  }
  return (error as Error).message;
}
