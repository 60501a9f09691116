import { request } from 'node:http';
import { Buffer } from 'node:buffer';

/**
 * A minimal Loki HTTP client for the capture test, on node:http so that it can send a body of
 * any size and time each request. Only plain http URLs are accepted: the capture runs against a
 * Loki started for it on the same machine.
 */
export interface LokiResponse {
  status: number;
  /** The body as Loki sent it. */
  text: string;
  /** Wall time of the request in milliseconds, measured by the client. */
  elapsedMs: number;
}

export class LokiClient {
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
    if (this.url.protocol !== 'http:') {
      throw new Error(
        `Invalid LOKI_URL ${JSON.stringify(baseUrl)}: use a plain http:// URL of a Loki you started, such as http://127.0.0.1:3100.`
      );
    }
  }

  get baseUrl(): string {
    return this.url.toString().replace(/\/+$/, '');
  }

  /** Sends one request; `body` is sent as JSON when it is an object and as a form when it is URLSearchParams. */
  send(method: 'GET' | 'POST', path: string, params?: URLSearchParams, body?: unknown): Promise<LokiResponse> {
    const target = new URL(path, this.url);
    if (params && method === 'GET') {
      target.search = params.toString();
    }
    let payload: string | undefined;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST' && params) {
      payload = params.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    if (payload !== undefined) {
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(target, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            elapsedMs: performance.now() - started,
          })
        );
        res.on('error', reject);
      });
      req.setTimeout(300_000, () => req.destroy(new Error(`request to ${target.pathname} timed out after 300 s`)));
      req.on('error', (error) =>
        reject(
          new Error(
            `Request to ${this.baseUrl}${target.pathname} failed: ${error.message}. Check that Loki is running at LOKI_URL.`
          )
        )
      );
      if (payload !== undefined) {
        req.write(payload);
      }
      req.end();
    });
  }

  /** Sends a request and parses the JSON body; a non-2xx status becomes an error with Loki's message. */
  async json(
    method: 'GET' | 'POST',
    path: string,
    params?: URLSearchParams,
    body?: unknown
  ): Promise<{ body: any; response: LokiResponse }> {
    const response = await this.send(method, path, params, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`Loki answered HTTP ${response.status} to ${path}: ${response.text.trim().slice(0, 1000)}`);
    }
    return { body: response.text === '' ? undefined : JSON.parse(response.text), response };
  }
}
