import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Stack } from '../../stack.ts';
import { until } from './wait.ts';

export interface ReceivedEvent {
  path: string;
  event: { id: string; type: string; data: Record<string, unknown> };
}

/**
 * A local HTTP receiver for agency webhooks: every POST is kept with its path. Start the stack with
 * `webhooks: { allowLoopback: true }` and register `${receiver.base}/<path>` per agency.
 */
export async function startWebhookReceiver() {
  const received: ReceivedEvent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', event: JSON.parse(body) as ReceivedEvent['event'] });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    /** Registers a webhook for `events` as the agency, delivering to `${base}${path}`. */
    async register(stack: Stack, agencySlug: string, path: string, events: string[]): Promise<void> {
      const key = stack.demo.agencies.find((a) => a.slug === agencySlug)?.apiKey;
      const res = await fetch(`${stack.baseUrl}/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${base}${path}`, events }),
      });
      expect(res.status).toBe(201);
    },
    /** Waits until `count` events at `path` match, and returns them. */
    async events(path: string, match: (e: ReceivedEvent['event']) => boolean, count = 1, timeoutMs = 30_000) {
      return until(
        `${count} matching event(s) at ${path}`,
        async () => {
          const mine = received.filter((r) => r.path === path && match(r.event)).map((r) => r.event);
          return mine.length >= count ? mine : undefined;
        },
        timeoutMs,
      );
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
