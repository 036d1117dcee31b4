import { messages } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { type SendMessageInput, sendMessage } from './send.ts';

let t: TestDatabase;
let clock = new Date('2026-03-20T10:00:00Z');
let enqueued: Array<{ name: string; options: EnqueueOptions | undefined }> = [];
const queue: JobQueue = {
  enqueue: async (_tx, name, _payloads, options) => {
    enqueued.push({ name, options });
  },
  enqueueRaw: async () => {},
};
const ctx: ServiceContext = { db: null as never, queue, now: () => clock };
let salud = '';
let nyc = '';
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  t = await createTestDatabase('services_remind');
  ctx.db = t.db;
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  nyc = (await createAgency({ ctx, input: { slug: 'nyc', name: 'NYC Health' }, actor: cli })).id;
  await t.sql`update agencies set timezone = 'America/New_York' where id = ${nyc}`;
  for (const [tenant, value] of [
    [salud, 'SALUD'],
    [nyc, 'NYCHEALTH'],
  ] as const)
    await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${tenant}, 'alphanumeric', ${value}, true)`;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  clock = new Date('2026-03-20T10:00:00Z');
  enqueued = [];
});

const remind = async (extra: Partial<SendMessageInput>, tenantId = salud) => {
  const r = await sendMessage({
    ctx,
    input: { to: '+34600000001', text: 'Su cita es mañana a las 10:00', ...extra },
    principal: { tenantId, apiKeyId: null },
  });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, r.body.id));
  return { ...r.body, row };
};

describe('sendMessage with remind', () => {
  it('schedules the reminder `before` the appointment, valid until it, and stores the appointment', async () => {
    const r = await remind({ remind: { at: '2026-03-25T09:00:00Z', before: 'PT48H' } });
    expect(r.status).toBe('scheduled');
    expect(r.row?.sendAt?.toISOString()).toBe('2026-03-23T09:00:00.000Z');
    expect(r.row?.validUntil?.toISOString()).toBe('2026-03-25T09:00:00.000Z');
    expect(r.row?.appointmentAt?.toISOString()).toBe('2026-03-25T09:00:00.000Z');
    expect(enqueued).toEqual([
      {
        name: 'message.prepare',
        options: expect.objectContaining({ startAfter: new Date('2026-03-23T09:00:00Z') }),
      },
    ]);
  });

  it("counts days as calendar days in the agency's time zone across a DST change", async () => {
    // Monday 30 March 10:00 CEST; the day before at 10:00 is CEST too, two days before is CET.
    const a = await remind({ remind: { at: '2026-03-30T10:00:00+02:00', before: 'P1D' } });
    expect(a.row?.sendAt?.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    const b = await remind({ remind: { at: '2026-03-30T10:00:00+02:00', before: 'P2D' } });
    expect(b.row?.sendAt?.toISOString()).toBe('2026-03-28T09:00:00.000Z');
    // New York changed on 8 March: Monday 9 March 10:00 EDT minus two days is Saturday 10:00 EST.
    clock = new Date('2026-03-01T10:00:00Z');
    const c = await remind(
      { to: '+12125550100', remind: { at: '2026-03-09T10:00:00-04:00', before: 'P2D' } },
      nyc,
    );
    expect(c.row?.sendAt?.toISOString()).toBe('2026-03-07T15:00:00.000Z');
  });

  it('sends at once when the reminder time has passed but the appointment has not', async () => {
    const r = await remind({ remind: { at: '2026-03-20T20:00:00Z', before: 'P1D' } });
    expect(r.status).toBe('accepted');
    expect(r.row?.validUntil?.toISOString()).toBe('2026-03-20T20:00:00.000Z');
    expect(enqueued[0]?.options?.startAfter).toBeUndefined();
  });

  it('takes an earlier validUntil, and refuses bad reminders with the field named, storing nothing', async () => {
    const ok = await remind({
      remind: { at: '2026-03-25T09:00:00Z', before: 'PT48H' },
      validUntil: '2026-03-24T09:00:00Z',
    });
    expect(ok.row?.validUntil?.toISOString()).toBe('2026-03-24T09:00:00.000Z');
    const before = (await t.db.select().from(messages)).length;
    const bad: Array<[Partial<SendMessageInput>, string]> = [
      [{ sendAt: '2026-03-21T09:00:00Z', remind: { at: '2026-03-25T09:00:00Z', before: 'PT48H' } }, 'remind'],
      [{ remind: { at: '2026-03-25T09:00:00Z', before: '48 hours' } }, 'remind.before'],
      [{ remind: { at: '2026-03-25T09:00:00Z', before: 'P1M' } }, 'remind.before'],
      [{ remind: { at: '2026-03-25T09:00:00Z', before: 'PT0S' } }, 'remind.before'],
      [{ remind: { at: '2026-03-20T09:59:00Z', before: 'PT1H' } }, 'remind.at'],
      [
        { remind: { at: '2026-03-25T09:00:00Z', before: 'PT1H' }, validUntil: '2026-03-26T00:00:00Z' },
        'validUntil',
      ],
      [
        { remind: { at: '2026-03-25T09:00:00Z', before: 'P2D' }, validUntil: '2026-03-22T00:00:00Z' },
        'validUntil',
      ],
    ];
    for (const [extra, field] of bad)
      await expect(remind(extra), field).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { field } });
    expect((await t.db.select().from(messages)).length).toBe(before);
  });
});
