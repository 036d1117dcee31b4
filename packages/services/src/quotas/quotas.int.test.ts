import { randomBytes } from 'node:crypto';
import { auditEvents, dailyMessageStats, messages, webhooks, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobPayload, Lane } from '@pregon/domain';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { applyTransitions } from '../messages/transition.ts';
import { purgeExpiredPersonalData } from '../retention/purge.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { listDailyStats } from '../stats/daily.ts';
import { setQuotas } from './set.ts';
import { getAgencyQuotaStatus, getQuotaStatus } from './status.ts';

let t: TestDatabase;
let now = new Date('2026-03-10T10:00:00Z');
let events: JobPayload<'webhook.deliver'>[] = [];
const cli = { kind: 'cli' } as const;
let seq = 0;

/** Records webhook jobs; submit batches are dropped (the rows say what was queued). */
const queue: JobQueue = {
  enqueue: async (_tx, name, payloads) => {
    if (name === 'webhook.deliver') events.push(...(payloads as JobPayload<'webhook.deliver'>[]));
  },
  enqueueRaw: async () => {},
};
const base = (): ServiceContext => ({
  db: t.db,
  queue,
  now: () => now,
  secrets: createCarrierSecrets(randomBytes(32)),
});
let ctx: ServiceContext;

beforeAll(async () => {
  t = await createTestDatabase('services_quotas');
  ctx = base();
  // 0.05 a segment: one short message costs 0.05000.
  await addCarrier({
    ctx,
    input: { name: 'c', host: '127.0.0.1', port: 2775, systemId: 's', password: 'pw', pricePerSegment: 0.05 },
    actor: cli,
  });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'c' }, actor: cli });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  now = new Date('2026-03-10T10:00:00Z');
  events = [];
  ctx = base();
});

async function agency(): Promise<{ id: string; slug: string }> {
  const slug = `a${++seq}`;
  const a = await createAgency({ ctx, input: { slug, name: slug }, actor: cli });
  await withTenant(t.db, a.id, (tx) =>
    tx.insert(webhooks).values({
      tenantId: a.id,
      url: 'https://example.test/hook',
      events: ['agency.quota_warning'],
      secret: 's',
    }),
  );
  return { id: a.id, slug };
}

let phoneSeq = 0;
const phone = () => `+346${String(++phoneSeq).padStart(8, '0')}`;

async function send(
  tenantId: string,
  n: number,
  opts: { to?: string; lane?: Lane; inReplyTo?: string; body?: string } = {},
): Promise<string[]> {
  const rows = await withTenant(t.db, tenantId, (tx) =>
    tx
      .insert(messages)
      .values(
        Array.from({ length: n }, () => ({
          tenantId,
          toPhone: opts.to ?? phone(),
          fromAddr: 'SALUD',
          body: opts.body ?? 'Cita mañana a las 9',
          lane: opts.lane ?? 'transactional',
          inReplyTo: opts.inReplyTo ?? null,
        })),
      )
      .returning({ id: messages.id }),
  );
  return rows.map((r) => r.id);
}

async function prepare(tenantId: string, ids: string[], c: ServiceContext = ctx) {
  await prepareMessages({ ctx: c, input: { tenantId, messageIds: ids } });
  const rows = await withTenant(t.db, tenantId, (tx) =>
    tx
      .select({ id: messages.id, status: messages.status, reason: messages.reason })
      .from(messages)
      .where(inArray(messages.id, ids)),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

const statuses = (rows: Awaited<ReturnType<typeof prepare>>) => rows.map((r) => r?.status);

async function detailOf(tenantId: string, id: string) {
  const [row] = await t.sql<{ detail: Record<string, unknown> }[]>`
    select detail from message_events where message_id = ${id} and status = 'rejected'`;
  expect(row, `history of ${id} in ${tenantId}`).toBeDefined();
  return row?.detail;
}

const warnings = (tenantId: string) =>
  t.sql<{ quota: string; period_start: string }[]>`
    select quota, period_start::text from quota_warnings where tenant_id = ${tenantId} order by quota, period_start`;

describe('agency quotas', () => {
  it('rejects past the daily block level and warns once when the warn level is crossed', async () => {
    const a = await agency();
    await setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { warn: 2, block: 3 } }, actor: cli });
    const ids = await send(a.id, 5);
    expect(statuses(await prepare(a.id, ids))).toEqual([
      'queued',
      'queued',
      'queued',
      'rejected',
      'rejected',
    ]);
    expect((await prepare(a.id, ids))[4]?.reason).toBe('quota_exceeded');
    expect(await detailOf(a.id, ids[3] ?? '')).toEqual({
      quota: 'daily_messages',
      period: '2026-03-10',
      used: 3,
      limit: 3,
    });
    expect(await warnings(a.id)).toEqual([{ quota: 'daily_messages', period_start: '2026-03-10' }]);
    expect(events.flatMap((e) => e.events.map((ev) => [ev.type, ev.data]))).toEqual([
      ['agency.quota_warning', { quota: 'daily_messages', period: '2026-03-10', used: 3, warnLevel: 2 }],
    ]);
    const audit = await withTenant(t.db, a.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.action, 'quota.warning')),
    );
    expect(audit).toHaveLength(1);

    // Later the same day: still blocked, and no second warning.
    events = [];
    expect(statuses(await prepare(a.id, await send(a.id, 1)))).toEqual(['rejected']);
    expect(events).toEqual([]);
    expect(await warnings(a.id)).toHaveLength(1);

    const status = await getQuotaStatus({ ctx, input: { tenantId: a.id } });
    expect(status.quotas.find((q) => q.quota === 'daily_messages')).toEqual({
      quota: 'daily_messages',
      period: '2026-03-10',
      used: 3,
      warn: 2,
      block: 3,
      warned: true,
    });
  });

  it('starts a new day at midnight in the agency time zone, and a new month on the 1st', async () => {
    const a = await agency();
    await setQuotas({
      ctx,
      input: {
        agencySlug: a.slug,
        dailyMessages: { warn: 1, block: 2 },
        monthlyMessages: { warn: 3, block: 3 },
      },
      actor: cli,
    });
    // 23:30 in Madrid on the 10th (UTC+1 in March).
    now = new Date('2026-03-10T22:30:00Z');
    expect(statuses(await prepare(a.id, await send(a.id, 3)))).toEqual(['queued', 'queued', 'rejected']);
    // 00:30 in Madrid on the 11th: a new day, but the month has one message left.
    now = new Date('2026-03-10T23:30:00Z');
    const next = await prepare(a.id, await send(a.id, 2));
    expect(statuses(next)).toEqual(['queued', 'rejected']);
    expect(await detailOf(a.id, next[1]?.id ?? '')).toMatchObject({
      quota: 'monthly_messages',
      period: '2026-03-01',
      limit: 3,
    });
    expect(await warnings(a.id)).toEqual([
      { quota: 'daily_messages', period_start: '2026-03-10' },
      { quota: 'daily_messages', period_start: '2026-03-11' },
      { quota: 'monthly_messages', period_start: '2026-03-01' },
    ]);
    // April: both periods are new.
    now = new Date('2026-04-01T08:00:00Z');
    expect(statuses(await prepare(a.id, await send(a.id, 2)))).toEqual(['queued', 'queued']);
  });

  it('blocks on monthly spend (segments x the carrier price) and warns on it', async () => {
    const a = await agency();
    await setQuotas({
      ctx,
      input: { agencySlug: a.slug, monthlySpend: { warn: '0.15', block: '0.25' } },
      actor: cli,
    });
    // 200 GSM characters: two segments, 0.10.
    const long = await send(a.id, 1, { body: 'x'.repeat(200) });
    const short = await send(a.id, 3);
    const rows = await prepare(a.id, [...long, ...short]);
    // 0.10 + 0.05 + 0.05 = 0.20; the next 0.05 would make 0.25 (allowed), so the third short one
    // passes too; a fourth does not.
    expect(statuses(rows)).toEqual(['queued', 'queued', 'queued', 'queued']);
    const over = await prepare(a.id, await send(a.id, 1));
    expect(statuses(over)).toEqual(['rejected']);
    expect(await detailOf(a.id, over[0]?.id ?? '')).toEqual({
      quota: 'monthly_spend',
      period: '2026-03-01',
      used: '0.25000',
      limit: '0.25000',
    });
    const status = await getAgencyQuotaStatus({ ctx, input: { agencySlug: a.slug }, actor: cli });
    expect(status.quotas.find((q) => q.quota === 'monthly_spend')).toMatchObject({
      used: '0.25000',
      warn: '0.15000',
      block: '0.25000',
      warned: true,
    });
    expect(events.flatMap((e) => e.events.map((ev) => ev.data.quota))).toEqual(['monthly_spend']);
  });

  it('never blocks emergency messages or replies to a citizen, but counts them', async () => {
    const a = await agency();
    await setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { block: 1 } }, actor: cli });
    const first = await send(a.id, 1);
    const alert = await send(a.id, 2, { lane: 'emergency' });
    const reply = await send(a.id, 1, { inReplyTo: '00000000-0000-4000-8000-000000000001' });
    const bulk = await send(a.id, 1, { lane: 'bulk' });
    expect(statuses(await prepare(a.id, [...first, ...alert, ...reply, ...bulk]))).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
      'rejected',
    ]);
    const status = await getQuotaStatus({ ctx, input: { tenantId: a.id } });
    expect(status.quotas.find((q) => q.quota === 'daily_messages')?.used).toBe(4);
  });

  it('lets only one of two concurrent prepares take the last message under a block level', async () => {
    const a = await agency();
    await setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { block: 1 } }, actor: cli });
    const [x, y] = [await send(a.id, 1), await send(a.id, 1)];
    const [rx, ry] = await Promise.all([prepare(a.id, x), prepare(a.id, y)]);
    expect([rx[0]?.status, ry[0]?.status].sort()).toEqual(['queued', 'rejected']);
  });

  it('refuses bad levels with a clear error and changes nothing', async () => {
    const a = await agency();
    await setQuotas({
      ctx,
      input: { agencySlug: a.slug, dailyMessages: { warn: 5, block: 10 } },
      actor: cli,
    });
    await expect(
      setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { warn: 20 } }, actor: cli }),
    ).rejects.toThrow(/warn level \(20\) is above the block level \(10\)/);
    await expect(
      setQuotas({ ctx, input: { agencySlug: a.slug, monthlySpend: { block: '12.345678' } }, actor: cli }),
    ).rejects.toThrow(/monthlySpend.block/);
    await expect(
      setQuotas({ ctx, input: { agencySlug: 'nobody', dailyMessages: { block: 1 } }, actor: cli }),
    ).rejects.toThrow(/No agency/);
    const status = await getQuotaStatus({ ctx, input: { tenantId: a.id } });
    expect(status.quotas.find((q) => q.quota === 'daily_messages')).toMatchObject({ warn: 5, block: 10 });
    // Null removes a level; omitted levels stay.
    const cleared = await setQuotas({
      ctx,
      input: { agencySlug: a.slug, dailyMessages: { block: null } },
      actor: cli,
    });
    expect(cleared.dailyMessages).toEqual({ warn: 5, block: null });
  });
});

describe('per-recipient cap', () => {
  it('caps a phone per rolling hour across agencies; emergency and replies are exempt', async () => {
    const [a, b] = [await agency(), await agency()];
    ctx = { ...base(), recipientCapPerHour: 3 };
    const to = phone();
    expect(statuses(await prepare(a.id, await send(a.id, 2, { to })))).toEqual(['queued', 'queued']);
    now = new Date('2026-03-10T10:20:00Z');
    const fromB = await prepare(b.id, await send(b.id, 2, { to }));
    expect(statuses(fromB)).toEqual(['queued', 'rejected']);
    expect(fromB[1]?.reason).toBe('recipient_cap');
    expect(await detailOf(b.id, fromB[1]?.id ?? '')).toEqual({ perHour: 3 });
    const exempt = [
      ...(await send(b.id, 1, { to, lane: 'emergency' })),
      ...(await send(b.id, 1, { to, inReplyTo: '00000000-0000-4000-8000-000000000002' })),
    ];
    expect(statuses(await prepare(b.id, exempt))).toEqual(['queued', 'queued']);
    // Another phone is not affected.
    expect(statuses(await prepare(b.id, await send(b.id, 1)))).toEqual(['queued']);
    // Rolling: at 11:00:01 the two from 10:00 have left the hour; the one from 10:20 has not.
    now = new Date('2026-03-10T11:00:01Z');
    expect(statuses(await prepare(a.id, await send(a.id, 3, { to })))).toEqual([
      'queued',
      'queued',
      'rejected',
    ]);
  });

  it('gives the last slot to only one of two agencies preparing at once', async () => {
    const [a, b] = [await agency(), await agency()];
    ctx = { ...base(), recipientCapPerHour: 1 };
    const to = phone();
    const [x, y] = [await send(a.id, 1, { to }), await send(b.id, 1, { to })];
    const [rx, ry] = await Promise.all([prepare(a.id, x), prepare(b.id, y)]);
    expect([rx[0]?.status, ry[0]?.status].sort()).toEqual(['queued', 'rejected']);
  });

  it('keeps no phone number: only a keyed hash, unreadable by the application role', async () => {
    const a = await agency();
    ctx = { ...base(), recipientCapPerHour: 5 };
    const to = phone();
    await prepare(a.id, await send(a.id, 1, { to }));
    const rows = await t.sql<
      { h: string }[]
    >`select encode(phone_hash, 'hex') as h from recipient_recent_sends`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.h.includes(Buffer.from(to).toString('hex')))).toBe(false);
    await expect(
      withTenant(t.db, a.id, (tx) => tx.execute(sql`select * from recipient_recent_sends`)),
    ).rejects.toThrow();
    // The hourly purge forgets phones with nothing in their last hour.
    // (Every test's sends are before 12:00.)
    now = new Date('2026-03-10T13:00:00Z');
    const run = await purgeExpiredPersonalData({ ctx, input: {}, actor: { kind: 'system' } });
    expect(run.recipientCaps).toBeGreaterThan(0);
    expect(await t.sql`select 1 from recipient_recent_sends`).toHaveLength(0);
  });
});

describe('daily statistics', () => {
  it('counts queued, rejected and final statuses with segments and spend, and survives the purge', async () => {
    const [a, b] = [await agency(), await agency()];
    await setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { block: 3 } }, actor: cli });
    const ids = await send(a.id, 4, { body: 'x'.repeat(200) });
    const alert = await send(a.id, 1, { lane: 'emergency' });
    await prepare(a.id, [...ids, ...alert]);
    // The carrier settles them the next day: those counts land on that day.
    await withTenant(t.db, a.id, (tx) =>
      applyTransitions(
        tx,
        a.id,
        [
          { id: ids[0] ?? '', status: 'delivered' },
          { id: ids[1] ?? '', status: 'failed', reason: 'carrier_rejected' },
        ],
        undefined,
        { now: new Date('2026-03-11T09:00:00Z') },
      ),
    );
    // A duplicate receipt moves nothing, so it counts nothing.
    await withTenant(t.db, a.id, (tx) =>
      applyTransitions(tx, a.id, [{ id: ids[0] ?? '', status: 'delivered' }], undefined, {
        now: new Date('2026-03-11T09:05:00Z'),
      }),
    );
    const range = { from: '2026-03-01', to: '2026-03-31' };
    const expected = [
      {
        day: '2026-03-10',
        service: null,
        lane: 'emergency',
        queued: 1,
        delivered: 0,
        failed: 0,
        expired: 0,
        cancelled: 0,
        rejected: 0,
        unknown: 0,
        segments: 1,
        spend: '0.05000',
      },
      {
        day: '2026-03-10',
        service: null,
        lane: 'transactional',
        queued: 3,
        delivered: 0,
        failed: 0,
        expired: 0,
        cancelled: 0,
        rejected: 1,
        unknown: 0,
        segments: 6,
        spend: '0.30000',
      },
      {
        day: '2026-03-11',
        service: null,
        lane: 'transactional',
        queued: 0,
        delivered: 1,
        failed: 1,
        expired: 0,
        cancelled: 0,
        rejected: 0,
        unknown: 0,
        segments: 0,
        spend: '0.00000',
      },
    ];
    expect(await listDailyStats({ ctx, input: { tenantId: a.id, ...range } })).toEqual(expected);
    // Another agency sees none of it.
    expect(await listDailyStats({ ctx, input: { tenantId: b.id, ...range } })).toEqual([]);
    expect(
      await withTenant(t.db, b.id, (tx) =>
        tx.select().from(dailyMessageStats).where(eq(dailyMessageStats.tenantId, a.id)),
      ),
    ).toEqual([]);
    expect((await getQuotaStatus({ ctx, input: { tenantId: b.id } })).quotas.map((q) => q.used)).toEqual([
      0,
      0,
      '0.00000',
    ]);

    // A year later the purge has redacted the messages; the statistics are the same.
    now = new Date('2027-03-10T10:00:00Z');
    await purgeExpiredPersonalData({ ctx, input: { full: true }, actor: { kind: 'system' } });
    const [redacted] = await withTenant(t.db, a.id, (tx) =>
      tx
        .select({ body: messages.body })
        .from(messages)
        .where(eq(messages.id, ids[0] ?? '')),
    );
    expect(redacted?.body).toBe('');
    expect(await listDailyStats({ ctx, input: { tenantId: a.id, ...range } })).toEqual(expected);
  });

  it('adds up the stripes each connection writes, for the report and for the quotas', async () => {
    const a = await agency();
    await setQuotas({ ctx, input: { agencySlug: a.slug, dailyMessages: { block: 10 } }, actor: cli });
    // Three connections' stripes of one day, service and lane, as record.ts spreads them.
    const stripes: Array<[number, number, number]> = [
      [0, 2, 1],
      [5, 3, 0],
      [15, 4, 2],
    ];
    for (const [stripe, queued, delivered] of stripes)
      await t.sql`insert into daily_message_stats (tenant_id, day, lane, queued, delivered, segments, spend, stripe)
        values (${a.id}, '2026-03-10', 'transactional', ${queued}, ${delivered}, ${queued}, ${queued / 20}, ${stripe})`;
    expect(
      await listDailyStats({ ctx, input: { tenantId: a.id, from: '2026-03-10', to: '2026-03-10' } }),
    ).toEqual([
      expect.objectContaining({
        lane: 'transactional',
        queued: 9,
        delivered: 3,
        segments: 9,
        spend: '0.45000',
      }),
    ]);
    now = new Date('2026-03-10T12:00:00Z');
    const status = await getQuotaStatus({ ctx, input: { tenantId: a.id } });
    expect(status.quotas.find((q) => q.quota === 'daily_messages')?.used).toBe(9);
    // One more fits under the block of 10, the next does not.
    expect(statuses(await prepare(a.id, await send(a.id, 2)))).toEqual(['queued', 'rejected']);
  });

  it('refuses a reversed or unbounded range', async () => {
    const a = await agency();
    await expect(
      listDailyStats({ ctx, input: { tenantId: a.id, from: '2026-03-10', to: '2026-03-01' } }),
    ).rejects.toThrow(/to: must not be before from/);
    await expect(
      listDailyStats({ ctx, input: { tenantId: a.id, from: '2024-01-01', to: '2026-03-01' } }),
    ).rejects.toThrow(/at most 366 days/);
  });
});
