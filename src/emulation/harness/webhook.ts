import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './processes';

/** One request Alertmanager sent, with the path that names the receiver and notifier. */
export interface Delivery {
  path: string;
  receivedAtMs: number;
  body: unknown;
}

/** The alert of an Alertmanager webhook payload (webhook_configs, version 4). */
export interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

export interface WebhookReceiver {
  url: string;
  deliveries: Delivery[];
  /** Resolves with the first delivery that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (delivery: Delivery) => boolean, timeoutMs: number): Promise<Delivery>;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 that records every POST body as JSON and responds 200. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAtMs = Date.now();
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Keep the raw text; the assertion names what arrived.
      }
      deliveries.push({ path: request.url ?? '', receivedAtMs, body });
      response.writeHead(200).end('ok');
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = deliveries.find(predicate);
        if (found) {
          return found;
        }
        await sleep(100);
      }
      throw new Error(`No matching webhook delivery after ${timeoutMs} ms; received paths: ${deliveries.map((delivery) => delivery.path).join(', ') || 'none'}.`);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Returns the alerts of a webhook_configs delivery, or none for other payloads. */
export function webhookAlerts(delivery: Delivery): WebhookAlert[] {
  const body = delivery.body as { alerts?: WebhookAlert[] } | undefined;
  return Array.isArray(body?.alerts) ? body.alerts : [];
}
