import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addInboundNumber,
  addKeyword,
  createCarrierSecrets,
  noJobQueue,
  verifyWebhookSignature,
} from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { addAlziraAlerts } from './support/citizen.ts';
import { waitForBoundLink } from './support/wait.ts';

interface Received {
  path: string;
  signature: string;
  event: { id: string; type: string; data: Record<string, unknown> };
  body: string;
}

let t: TestDatabase;
let stack: Stack;
let server: Server;
let base = '';
const received: Received[] = [];
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        signature: String(req.headers['pregon-signature']),
        event: JSON.parse(body) as Received['event'],
        body,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestDatabase('e2e_subscriber_webhooks');
  stack = await startStack({
    databaseUrl: t.url,
    secrets: createCarrierSecrets(randomBytes(32)),
    webhooks: { allowLoopback: true },
  });
  const ctx = { db: t.db, queue: noJobQueue };
  await addAlziraAlerts(ctx, { aliases: [] });
  await addInboundNumber({ ctx, input: { agencySlug: 'salut-valencia', number: '21900' }, actor: cli });
  await addKeyword({ ctx, input: { number: '21900', serviceSlug: 'citas', keyword: 'CITA' }, actor: cli });
  await waitForBoundLink(stack, 15_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
  await new Promise((r) => server?.close(r));
});

function apiKey(slug: string): string {
  const agency = stack.demo.agencies.find((a) => a.slug === slug);
  if (!agency) throw new Error(`no demo agency ${slug}`);
  return agency.apiKey;
}

async function createHook(slug: string, path: string): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey(slug)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `${base}${path}`,
      events: ['message.inbound', 'subscriber.opted_out', 'subscriber.opted_in'],
    }),
  });
  const body = (await res.json()) as { secret?: string };
  expect(res.status).toBe(201);
  return String(body.secret);
}

async function eventsAt(path: string, match: (r: Received) => boolean, count: number): Promise<Received[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const mine = received.filter((r) => r.path === path && match(r));
    if (mine.length >= count) return mine;
    if (Date.now() > end) throw new Error(`at ${path} only saw ${JSON.stringify(mine.map((r) => r.event))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('inbound and opt-out webhooks end to end', () => {
  it('tells the owning agency of each MO, the STOP and the START, signed; nobody else hears', async () => {
    const secret = await createHook('ajuntament-alzira', '/alzira');
    await createHook('salut-valencia', '/salut');
    const phone = '34611000001';
    const byPhone = (type: string) => (r: Received) =>
      r.event.type === type && r.event.data.from === `+${phone}`;

    expect(await stack.simulator.injectMo({ from: phone, to: '21700', text: 'alertas' })).toEqual([0]);
    const [joined] = await eventsAt('/alzira', byPhone('message.inbound'), 1);
    expect(joined?.event.data).toMatchObject({
      from: `+${phone}`,
      to: '21700',
      text: 'alertas',
      service: 'alertas',
      kind: 'keyword',
      keyword: 'ALERTAS',
    });
    expect(
      verifyWebhookSignature({ header: joined?.signature ?? '', body: joined?.body ?? '', secret }),
    ).toBe(true);

    expect(await stack.simulator.injectMo({ from: phone, to: '21700', text: 'BAJA' })).toEqual([0]);
    const [out] = await eventsAt('/alzira', (r) => r.event.type === 'subscriber.opted_out', 1);
    expect(out?.event.data).toMatchObject({
      phone: `+${phone}`,
      service: 'alertas',
      number: '21700',
      source: 'sms',
    });
    expect(verifyWebhookSignature({ header: out?.signature ?? '', body: out?.body ?? '', secret })).toBe(
      true,
    );
    await eventsAt('/alzira', (r) => byPhone('message.inbound')(r) && r.event.data.kind === 'stop', 1);

    expect(await stack.simulator.injectMo({ from: phone, to: '21700', text: 'ALTA' })).toEqual([0]);
    // The keyword's join, then the START.
    const [, back] = await eventsAt('/alzira', (r) => r.event.type === 'subscriber.opted_in', 2);
    expect(back?.event.data).toMatchObject({ phone: `+${phone}`, service: 'alertas', source: 'sms' });
    await eventsAt('/alzira', (r) => byPhone('message.inbound')(r) && r.event.data.kind === 'start', 1);

    // The other agency hears of its own citizen only, and Alzira never does.
    const other = '34611000002';
    expect(await stack.simulator.injectMo({ from: other, to: '21900', text: 'CITA' })).toEqual([0]);
    await eventsAt(
      '/salut',
      (r) => r.event.type === 'message.inbound' && r.event.data.from === `+${other}`,
      1,
    );
    await eventsAt(
      '/salut',
      (r) => r.event.type === 'subscriber.opted_in' && r.event.data.phone === `+${other}`,
      1,
    );
    const salut = received.filter((r) => r.path === '/salut').map((r) => r.body);
    expect(salut.filter((b) => b.includes(phone))).toEqual([]);
    expect(received.filter((r) => r.path === '/alzira' && r.body.includes(other))).toEqual([]);
  }, 90_000);
});
