import {
  idempotencyKeys,
  messageEvents,
  messages,
  sessions,
  users,
  withPlatform,
  withTenant,
} from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { MessageStatus } from '@pregon/domain';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { purgeExpiredPersonalData } from './purge.ts';
import { setRetention } from './set-retention.ts';

let t: TestDatabase;
let ctx: ServiceContext;
const cli = { kind: 'cli' } as const;
const system = { kind: 'system' } as const;
const NOW = new Date('2026-03-01T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
let salud = '';
let educacion = '';

beforeAll(async () => {
  t = await createTestDatabase('services_retention');
  ctx = { db: t.db, queue: noJobQueue, now: () => NOW };
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
});
afterAll(async () => {
  await t?.drop();
});

async function message(tenantId: string, ageDays: number, status: MessageStatus, to = '+34600123001') {
  return withTenant(t.db, tenantId, async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        tenantId,
        toPhone: to,
        fromAddr: 'SALUD',
        body: 'Su cita es el martes',
        reference: 'paciente-8812',
        status,
        segments: 1,
        createdAt: daysAgo(ageDays),
      })
      .returning({ id: messages.id });
    if (!row) throw new Error('no message');
    await tx.insert(messageEvents).values({
      tenantId,
      messageId: row.id,
      status,
      detail: { to: to.slice(0, 4) },
      at: daysAgo(ageDays),
    });
    return row.id;
  });
}

async function read(tenantId: string, id: string) {
  return withTenant(t.db, tenantId, async (tx) => {
    const [m] = await tx.select().from(messages).where(eq(messages.id, id));
    const events = await tx.select().from(messageEvents).where(eq(messageEvents.messageId, id));
    return { m, events };
  });
}

/** Messages per day and status: what aggregate statistics are computed from. */
async function stats() {
  return withPlatform(t.db, { actorKind: 'system', actorId: null, action: 'test.stats' }, (tx) =>
    tx.execute<{ tenant_id: string; day: string; status: string; n: number; segments: number }>(sql`
      select tenant_id, created_at::date::text as day, status, count(*)::int as n, sum(segments)::int as segments
      from messages group by 1, 2, 3 order by 1, 2, 3`),
  );
}

describe('setRetention', () => {
  it('keeps 3 to 90 days and names what is wrong', async () => {
    await expect(
      setRetention({ ctx, input: { agencySlug: 'salud', days: 2 }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at least 3'),
    });
    await expect(
      setRetention({ ctx, input: { agencySlug: 'salud', days: 91 }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      setRetention({ ctx, input: { agencySlug: 'nadie', days: 30 }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await setRetention({ ctx, input: { agencySlug: 'educacion', days: 30 }, actor: cli })).toEqual({
      agencySlug: 'educacion',
      days: 30,
      previousDays: 7,
    });
  });
});

describe('purgeExpiredPersonalData', () => {
  it("redacts only final messages past their own agency's retention, and keeps the statistics", async () => {
    // salud keeps the default 7 days, educacion 30 (set above).
    const oldFinal = await Promise.all(
      (['delivered', 'failed', 'expired', 'rejected', 'unknown'] as const).map((s) => message(salud, 10, s)),
    );
    const oldWaiting = await message(salud, 10, 'queued');
    const recent = await message(salud, 6, 'delivered');
    const eduKept = await message(educacion, 10, 'delivered');
    const eduOld = await message(educacion, 31, 'failed', '+34600999123');
    const ancient = await message(salud, 60, 'delivered');
    const before = await stats();

    const run = await purgeExpiredPersonalData({ ctx, input: { batchSize: 2 }, actor: system });
    expect(run.agencies.find((a) => a.slug === 'salud')).toMatchObject({ days: 7, messages: 5 });
    expect(run.agencies.find((a) => a.slug === 'educacion')).toMatchObject({ days: 30, messages: 1 });

    for (const id of oldFinal) {
      const { m, events } = await read(salud, id);
      expect(m).toMatchObject({ body: '', reference: null, toPhone: '+34******001', segments: 1 });
      expect(events.map((e) => e.detail)).toEqual([null]);
    }
    expect((await read(educacion, eduOld)).m).toMatchObject({ body: '', toPhone: '+34******123' });
    for (const [tenant, id] of [
      [salud, oldWaiting],
      [salud, recent],
      [educacion, eduKept],
    ] as const) {
      const { m, events } = await read(tenant, id);
      expect(m).toMatchObject({
        body: 'Su cita es el martes',
        reference: 'paciente-8812',
        toPhone: '+34600123001',
      });
      expect(events.map((e) => e.detail)).toEqual([{ to: '+346' }]);
    }
    // Past the hourly look-back only a full run reaches it.
    expect((await read(salud, ancient)).m?.body).toBe('Su cita es el martes');
    expect(await stats()).toEqual(before);

    const full = await purgeExpiredPersonalData({ ctx, input: { full: true }, actor: system });
    expect(full.agencies.find((a) => a.slug === 'salud')?.messages).toBe(1);
    expect((await read(salud, ancient)).m?.toPhone).toBe('+34******001');
    const again = await purgeExpiredPersonalData({ ctx, input: { full: true }, actor: system });
    expect(again.agencies.map((a) => a.messages)).toEqual([0, 0]);
  });

  it('forgets Idempotency-Key answers after 24 h and sessions past expiry', async () => {
    const keyAt = (key: string, hours: number) =>
      withTenant(t.db, salud, (tx) =>
        tx.insert(idempotencyKeys).values({
          tenantId: salud,
          key,
          requestHash: 'h',
          responseStatus: 202,
          responseBody: {},
          createdAt: new Date(NOW.getTime() - hours * 3_600_000),
        }),
      );
    await keyAt('old', 25);
    await keyAt('fresh', 23);
    const [user] = await t.db
      .insert(users)
      .values({ email: 'ops@example.org', passwordHash: 'x' })
      .returning({ id: users.id });
    if (!user) throw new Error('no user');
    await t.db.insert(sessions).values([
      { tokenHash: 'expired', userId: user.id, expiresAt: new Date(NOW.getTime() - 1000) },
      { tokenHash: 'live', userId: user.id, expiresAt: new Date(NOW.getTime() + 3_600_000) },
    ]);

    const run = await purgeExpiredPersonalData({ ctx, input: {}, actor: system });
    expect(run.sessions).toBe(1);
    expect(run.agencies.find((a) => a.slug === 'salud')?.idempotencyKeys).toBe(1);
    const keys = await withTenant(t.db, salud, (tx) =>
      tx.select({ key: idempotencyKeys.key }).from(idempotencyKeys),
    );
    expect(keys.map((k) => k.key)).toEqual(['fresh']);
    const left = await t.db
      .select({ tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(inArray(sessions.tokenHash, ['expired', 'live']));
    expect(left.map((s) => s.tokenHash)).toEqual(['live']);
  });
});
