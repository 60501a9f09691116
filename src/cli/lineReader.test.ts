/** @jest-environment node */
import { Readable } from 'node:stream';
import { Line, readLines } from './lineReader';

async function lines(chunks: string[], max = 100): Promise<Line[]> {
  const result: Line[] = [];
  for await (const line of readLines(Readable.from(chunks), max)) {
    result.push(line);
  }
  return result;
}

describe('readLines', () => {
  test('splits on \\n, \\r\\n and a lone \\r, across chunks', async () => {
    expect(await lines(['a\nb\r', '\nc\rd', 'e\n\nf'])).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'de' }, { text: '' }, { text: 'f' }]);
  });

  test('skips a line longer than the limit and goes on', async () => {
    expect(await lines(['ok\n', 'x'.repeat(60), 'x'.repeat(60), '\nnext\n'])).toEqual([{ text: 'ok' }, { tooLong: true }, { text: 'next' }]);
  });

  test('reports a final line that is too long', async () => {
    expect(await lines(['x'.repeat(150)])).toEqual([{ tooLong: true }]);
  });
});
