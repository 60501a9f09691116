import type { Readable } from 'node:stream';

/** One line of a stream, or the note that a line was too long and skipped. */
export type Line = { text: string } | { tooLong: true };

/** Finds the next \n or \r at or after `from`, or -1. */
function nextBreak(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const carriage = text.indexOf('\r', from);
  if (newline < 0) {
    return carriage;
  }
  return carriage < 0 ? newline : Math.min(newline, carriage);
}

/**
 * Splits a text stream into lines (\n, \r\n or a lone \r) without holding more than `maxChars`
 * of one line. A longer line is skipped and reported, because readline would grow one string
 * until the process fails, for example on /dev/zero.
 */
export async function* readLines(stream: Readable, maxChars: number): AsyncGenerator<Line> {
  let current = '';
  let skipping = false;
  let pendingCr = false;
  for await (const chunk of stream) {
    const text = chunk as string;
    let start = 0;
    if (pendingCr && text.startsWith('\n')) {
      start = 1;
    }
    pendingCr = false;
    for (let end = nextBreak(text, start); end >= 0; end = nextBreak(text, start)) {
      const piece = text.slice(start, end);
      if (skipping || current.length + piece.length > maxChars) {
        yield { tooLong: true };
      } else {
        yield { text: current + piece };
      }
      current = '';
      skipping = false;
      start = end + 1;
      if (text[end] === '\r') {
        if (start === text.length) {
          pendingCr = true;
        } else if (text[start] === '\n') {
          start++;
        }
      }
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
