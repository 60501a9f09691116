import type { Readable } from 'node:stream';

/** One line of a stream, or the note that a line was too long and skipped. */
export type Line = { text: string } | { tooLong: true };

/**
 * Splits a text stream into lines (\n, \r\n or a lone \r) without holding more than `maxChars`
 * of one line: a longer line is skipped and reported, because readline would grow one string
 * until the process fails, for example on /dev/zero.
 */
export async function* readLines(stream: Readable, maxChars: number): AsyncGenerator<Line> {
  let current = '';
  let skipping = false;
  let pendingCr = false;
  for await (const chunk of stream) {
    const text = chunk as string;
    let start = 0;
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      if (pendingCr) {
        pendingCr = false;
        if (char === '\n') {
          start = index + 1;
          continue;
        }
      }
      if (char !== '\n' && char !== '\r') {
        continue;
      }
      const piece = text.slice(start, index);
      if (skipping) {
        yield { tooLong: true };
      } else if (current.length + piece.length > maxChars) {
        yield { tooLong: true };
      } else {
        yield { text: current + piece };
      }
      current = '';
      skipping = false;
      pendingCr = char === '\r';
      start = index + 1;
    }
    if (!skipping) {
      current += text.slice(start);
      if (current.length > maxChars) {
        current = '';
        skipping = true;
      }
    }
  }
  if (skipping) {
    yield { tooLong: true };
  } else if (current !== '') {
    yield { text: current };
  }
}
