import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createCarrierSecrets, verifyWebhookSignature } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';

let t: TestDatabase;
let stack: Stack;
let server: Server;
let receiverUrl = '';
const received: Array<{ signature: string; eventId: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({
        signature: String(req.headers['pregon-signature']),
        eventId: String(req.headers['pregon-event-id']),
        body,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pregon`;
  t = await createTestDatabase('e2e_webhooks');
  stack = await startStack({
    databaseUrl: t.url,
    secrets: createCarrierSecrets(randomBytes(32)),
    webhooks: { allowLoopback: true },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
  await new Promise((r) => server?.close(r));
});

async function api(key: string, method: string, path: string, body?: object) {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function eventsFor(messageId: string, statuses: string[], timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mine = received.filter((r) => r.body.includes(messageId));
    const seen = mine.map((r) => (JSON.parse(r.body) as { data: { status: string } }).data.status);
    if (statuses.every((s) => seen.includes(s))) return mine;
    if (Date.now() > until) throw new Error(`for ${messageId} only saw ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('status webhooks end to end', () => {
  it("POST a message and the agency's webhook hears submitted then delivered, signed", async () => {
    const [agency, other] = stack.demo.agencies;
    if (!agency || !other) throw new Error('no demo agencies');
    const hook = await api(agency.apiKey, 'POST', '/v1/webhooks', { url: receiverUrl });
    expect(hook.status).toBe(201);
    const secret = String(hook.body.secret);

    const sent = await api(agency.apiKey, 'POST', '/v1/messages', {
      to: '+34600000001',
      text: 'Cita confirmada',
      reference: 'cita-77',
    });
    expect(sent.status).toBe(202);
    const id = String(sent.body.id);
    // Another agency's message must not reach this webhook.
    const foreign = await api(other.apiKey, 'POST', '/v1/messages', {
      to: '+34600000002',
      text: 'Otra agencia',
    });

    const events = await eventsFor(id, ['submitted', 'delivered']);
    for (const e of events) {
      expect(verifyWebhookSignature({ header: e.signature, body: e.body, secret })).toBe(true);
      const event = JSON.parse(e.body) as { id: string; type: string; data: Record<string, unknown> };
      expect(e.eventId).toBe(event.id);
      expect(event).toMatchObject({
        type: 'message.status',
        data: { messageId: id, reference: 'cita-77', to: '+34600000001' },
      });
    }
    // Wait until the other agency's message has settled, so its events would have been sent by now.
    for (let i = 0; i < 200; i++) {
      const m = await api(other.apiKey, 'GET', `/v1/messages/${String(foreign.body.id)}`);
      if (m.body.status === 'delivered') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(received.some((r) => r.body.includes(String(foreign.body.id)))).toBe(false);

    const attempts = await api(agency.apiKey, 'GET', `/v1/webhooks/${String(hook.body.id)}/attempts`);
    expect(
      (attempts.body.attempts as Array<{ ok: boolean }>).filter((a) => a.ok).length,
    ).toBeGreaterThanOrEqual(2);
  }, 40_000);
});
