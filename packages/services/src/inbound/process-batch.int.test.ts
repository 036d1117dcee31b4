import type { TestDatabase } from '@pregon/db/testing';
import type { JobPayload } from '@pregon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { ServiceContext } from '../context.ts';
import { addKeyword } from '../keywords/add.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createService } from '../services/create.ts';
import { startInboundEngine, type TestInboundEngine } from '../testing/inbound-engine.ts';
import { processInboundMessages } from './process.ts';
import { recordInboundMessages } from './record.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let engine: TestInboundEngine;
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  engine = await startInboundEngine('services_inbound_batch');
  ({ t, ctx } = engine);
  await createAgency({ ctx, input: { slug: 'salut', name: 'Salut' }, actor: cli });
  await addInboundNumber({ ctx, input: { agencySlug: 'salut', number: '21900' }, actor: cli });
  await createService({
    ctx,
    input: { agencySlug: 'salut', slug: 'citas', name: 'Citas', type: 'health' },
    actor: cli,
  });
  await addKeyword({ ctx, input: { number: '21900', serviceSlug: 'citas', keyword: 'CITA' }, actor: cli });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
});
afterAll(async () => {
  await t?.drop();
});

describe('the keyword engine on a batch of MO', () => {
  it('handles senders side by side, each sender in order, and prepares the replies at once', async () => {
    const at = Date.parse('2026-05-01T09:00:00Z');
    const texts: Array<[string, string]> = [];
    // Six senders; the first three join, leave and join again: only their order decides the end state.
    for (let s = 0; s < 6; s++) {
      const phone = `+3460030000${s}`;
      texts.push([phone, 'CITA']);
      if (s < 3) texts.push([phone, 'BAJA'], [phone, 'CITA']);
      else texts.push([phone, 'BAJA']);
    }
    const ids = await recordInboundMessages({
      ctx,
      input: texts.map(([source, text], i) => ({
        carrierId: engine.carrierId,
        source,
        destination: '21900',
        text,
        dataCoding: 0,
        parts: 1,
        complete: true,
        missing: [],
        receivedAt: new Date(at + i * 1000),
      })),
    });
    engine.jobs.length = 0;
    const { processed } = await processInboundMessages({
      ctx,
      input: { inboundMessageIds: ids },
      concurrency: 4,
    });
    expect(processed).toBe(texts.length);
    const subs = await t.sql<{ phone: string; status: string }[]>`
      select phone, status from subscribers order by phone`;
    expect(subs.map((s) => s.status)).toEqual([
      'active',
      'active',
      'active',
      'opted_out',
      'opted_out',
      'opted_out',
    ]);
    // Every MO was answered, and every answer is already past prepare (queued for the carrier).
    const replies = await t.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from messages where in_reply_to is not null group by status`;
    expect(replies).toEqual([{ status: 'queued', n: texts.length }]);
    // Their message.prepare jobs were still queued, as the safety net: run again, they move nothing.
    const prepares = engine.jobs.filter((j) => j.name === 'message.prepare');
    expect(prepares.length).toBe(texts.length);
    for (const job of prepares)
      expect(await prepareMessages({ ctx, input: job.payload as JobPayload<'message.prepare'> })).toEqual({
        queued: 0,
        settled: 0,
      });
    // A second run of the same batch finds everything handled.
    expect((await processInboundMessages({ ctx, input: { inboundMessageIds: ids } })).processed).toBe(0);
  });
});
