/** @jest-environment node */
import { AddressInfo, createServer } from 'node:net';
import { describeFetchError } from './http';

/** Returns a loopback port that nothing listens on, because the system just assigned it to a server that closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('describeFetchError', () => {
  test('names the refused connection', async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
    const text = describeFetchError(error, 1000);
    expect(text).toContain('fetch failed');
    expect(text).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  });

  test('reports a timeout with its limit', () => {
    const error = new Error('The operation was aborted due to timeout');
    error.name = 'TimeoutError';
    expect(describeFetchError(error, 5000)).toBe('timed out after 5000 ms');
  });

  test('keeps a message without a cause', () => {
    expect(describeFetchError(new Error('invalid URL'), 1000)).toBe('invalid URL');
  });

  test('accepts a thrown non-error', () => {
    expect(describeFetchError('boom', 1000)).toBe('boom');
  });
});
