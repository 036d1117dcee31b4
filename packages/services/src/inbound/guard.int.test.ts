import type { TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { ServiceContext } from '../context.ts';
import { addKeyword } from '../keywords/add.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createService } from '../services/create.ts';
import { startInboundEngine, type TestInboundEngine } from '../testing/inbound-engine.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let engine: TestInboundEngine;
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  engine = await startInboundEngine('services_inbound_guard', {
    maxPerWindow: 3,
    windowSeconds: 600,
    repliesPerHour: 6,
    autoReplySeconds: 10,
  });
  ({ t, ctx } = engine);
  await createAgency({ ctx, input: { slug: 'alzira', name: 'Ajuntament d Alzira' }, actor: cli });
  await createService({
    ctx,
    input: { agencySlug: 'alzira', slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
    actor: cli,
  });
  await addInboundNumber({
    ctx,
    input: { agencySlug: 'alzira', number: '21700', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: { number: '21700', serviceSlug: 'alertas', keyword: 'ALERTAS' },
    actor: cli,
  });
});
afterAll(async () => {
  await t?.drop();
});

/** Stores and processes one MO at a given arrival time; returns its id. */
const mo = (source: string, text: string, receivedAt: Date, destination = '21700', c: ServiceContext = ctx) =>
  engine.mo({ source, destination, text, receivedAt }, c);
const replies = (phone: string) =>
  t.sql<
    { body: string }[]
  >`select body from messages where to_phone = ${phone} and in_reply_to is not null order by created_at`;
const processed = (phone: string) =>
  t.sql<
    { n: number }[]
  >`select count(*)::int as n from inbound_messages where source = ${phone} and processed_at is not null`;
const unanswered = (phone: string) =>
  t.sql<
    { reason: string }[]
  >`select detail->>'reason' as reason from audit_events where action = 'inbound.unanswered' and detail->>'phone' = ${phone} order by id`;

describe('keyword engine abuse guard', () => {
  it('a flood gets one slow-down reply, then silence until the window passes; all MO stored and handled', async () => {
    const phone = '+34600000101';
    const base = Date.parse('2026-03-01T10:00:00Z');
    for (let i = 0; i < 6; i++) await mo(phone, `HOLA ${i}`, new Date(base + i * 1000));
    const bodies = (await replies(phone)).map((r) => r.body);
    expect(bodies).toHaveLength(4);
    expect(bodies[3]).toMatch(/muchos mensajes/);
    expect((await processed(phone))[0]?.n).toBe(6);
    expect((await unanswered(phone)).map((r) => r.reason)).toEqual([
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    // Still flooding: a STOP is honoured silently.
    await mo(phone, 'BAJA', new Date(base + 7000));
    const [sub] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from opt_outs where phone = ${phone}`;
    expect(sub?.n).toBe(1);
    expect(await replies(phone)).toHaveLength(4);
    // Twenty minutes later the window has passed: answered again.
    await mo(phone, 'ALTA', new Date(base + 20 * 60_000));
    expect(await replies(phone)).toHaveLength(5);
  });

  it('never more than the hourly reply cap to one phone, and no answer to an instant unmatched reply', async () => {
    const phone = '+34600000102';
    // Replies carry the database clock, so these MO arrive now; no flood limit in the way.
    const relaxed = {
      ...ctx,
      inboundLimits: { maxPerWindow: 100, windowSeconds: 600, repliesPerHour: 6, autoReplySeconds: 0 },
    };
    const base = Date.now();
    for (let i = 0; i < 8; i++) await mo(phone, 'AYUDA', new Date(base + i), '21700', relaxed);
    expect(await replies(phone)).toHaveLength(6);
    expect((await unanswered(phone)).map((r) => r.reason)).toEqual(['reply_limit', 'reply_limit']);

    const other = '+34600000103';
    await mo(other, 'AYUDA', new Date(base));
    const [last] = await t.sql<
      { at: Date }[]
    >`select created_at as at from messages where to_phone = ${other}`;
    if (!last) throw new Error('no reply');
    await mo(other, 'Estoy fuera de la oficina', new Date(new Date(last.at).getTime() + 2000));
    expect(await replies(other)).toHaveLength(1);
    expect((await unanswered(other)).map((r) => r.reason)).toEqual(['auto_reply']);
  });

  it('empty MO and MO to an unknown number are stored and handled, unassigned, without replies', async () => {
    const phone = '+34600000104';
    const at = new Date('2026-03-01T14:00:00Z');
    await mo(phone, '   ', at);
    await mo(phone, 'ALERTAS', at, '29999');
    const rows = await t.sql<{ tenant_id: string | null; processed: boolean }[]>`
      select tenant_id, processed_at is not null as processed from inbound_messages where source = ${phone}`;
    expect(rows).toEqual([
      { tenant_id: null, processed: true },
      { tenant_id: null, processed: true },
    ]);
    expect(await replies(phone)).toHaveLength(0);
  });
});
