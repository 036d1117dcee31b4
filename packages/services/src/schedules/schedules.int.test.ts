import { broadcasts, messages, openDatabase, schedules } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { createService } from '../services/create.ts';
import { createSchedule } from './create.ts';
import { deleteSchedule } from './delete.ts';
import { getSchedule, listSchedules } from './list.ts';
import { runDueSchedules } from './run-due.ts';
import { setScheduleEnabled } from './set-enabled.ts';

let t: TestDatabase;
let clock = new Date('2026-06-10T06:00:00Z');
let enqueued: Array<{ name: string; payloads: unknown[]; options: EnqueueOptions | undefined }> = [];
const queue: JobQueue = {
  enqueue: async (_tx, name, payloads, options) => {
    enqueued.push({ name, payloads, options });
  },
  enqueueRaw: async () => {},
};
const ctx: ServiceContext = { db: null as never, queue, now: () => clock };
let salud = '';
let educacion = '';
const cli = { kind: 'cli' } as const;
const as = (tenantId: string) => ({ tenantId, actor: cli });

beforeAll(async () => {
  t = await createTestDatabase('services_schedules');
  ctx.db = t.db;
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
  for (const [tenant, value] of [
    [salud, 'SALUD'],
    [educacion, 'COLE'],
  ] as const)
    await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${tenant}, 'alphanumeric', ${value}, true)`;
  await createService({
    ctx,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: cli,
  });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  clock = new Date('2026-06-10T06:00:00Z');
  enqueued = [];
  await t.sql`delete from messages`;
  await t.sql`delete from broadcasts`;
  await t.sql`delete from schedules`;
});

let n = 0;
const daily = (extra: Record<string, unknown> = {}, tenantId = salud) =>
  createSchedule({
    ctx,
    input: {
      name: `recordatorio-${++n}`,
      cron: '0 9 * * *',
      message: { to: '+34600000001', text: 'Recuerde su cita' },
      ...extra,
    },
    principal: as(tenantId),
  });
const tick = () => runDueSchedules({ ctx, input: {} });
const rowOf = async (id: string) => (await t.db.select().from(schedules).where(eq(schedules.id, id)))[0];
const messagesOf = (scheduleId: string) =>
  t.db.select().from(messages).where(eq(messages.scheduleId, scheduleId));

describe('createSchedule', () => {
  it("reads the cron in the agency's time zone by default and stores the next occurrence", async () => {
    const s = await daily();
    expect(s).toMatchObject({ timezone: 'Europe/Madrid', kind: 'message', enabled: true, createdBy: 'cli' });
    expect(s.nextRunAt).toBe('2026-06-10T07:00:00.000Z'); // 09:00 CEST, an hour after 06:00 UTC (08:00 CEST)
    const ny = await daily({ timezone: 'America/New_York', service: 'citas' });
    expect(ny).toMatchObject({ timezone: 'America/New_York', service: 'citas' });
    expect(ny.nextRunAt).toBe('2026-06-10T13:00:00.000Z'); // 09:00 EDT
  });

  it('answers the next five runs, across the autumn change, and none while disabled', async () => {
    clock = new Date('2026-10-22T12:00:00Z');
    const s = await daily({ cron: '0 2 * * *' });
    const view = await getSchedule({ ctx, input: { schedule: s.id }, principal: as(salud) });
    expect(view.nextRuns).toEqual([
      '2026-10-23T00:00:00.000Z',
      '2026-10-24T00:00:00.000Z',
      '2026-10-25T00:00:00.000Z', // 02:00 happens twice that night: runs once
      '2026-10-26T01:00:00.000Z',
      '2026-10-27T01:00:00.000Z',
    ]);
    await setScheduleEnabled({ ctx, input: { schedule: s.name, enabled: false }, principal: as(salud) });
    expect((await getSchedule({ ctx, input: { schedule: s.name }, principal: as(salud) })).nextRuns).toEqual(
      [],
    );
  });

  it('refuses bad input with the field named, and stores nothing', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ cron: '0 9 * *' }, 'cron'],
      [{ cron: '0 25 * * *' }, 'cron'],
      [{ timezone: 'Europe/Atlantis' }, 'timezone'],
      [{ service: 'nope' }, 'service'],
      [{ message: { to: '600', text: 'x' } }, 'message.to'],
      [{ message: { to: '+34600000001', text: 'x', validFor: 'P1M' } }, 'message.validFor'],
      [{ message: { to: '+34600000001', text: 'x', from: 'OTRO' } }, 'message.from'],
      [{ message: { to: '+34600000001', text: 'x', lane: 'emergency' } }, 'message.lane'],
      [{ message: { to: '+34600000001', text: '' } }, 'message.text'],
      [{ message: undefined }, 'message'],
      [
        {
          service: 'citas',
          broadcast: { name: 'b', target: { kind: 'service' }, templates: { es: 'Hola' } },
        },
        'broadcast',
      ],
      [
        {
          message: undefined,
          broadcast: { name: 'b', target: { kind: 'service' }, templates: { es: 'Hola' } },
        },
        'service',
      ],
    ];
    for (const [extra, field] of bad)
      await expect(daily(extra), field).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { field } });
    expect(await t.db.select().from(schedules)).toEqual([]);
  });

  it('refuses a second schedule with the same name in one agency, not in another', async () => {
    await daily({ name: 'semanal' });
    await expect(daily({ name: 'semanal' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(daily({ name: 'semanal' }, educacion)).resolves.toMatchObject({ name: 'semanal' });
  });

  it("keeps agencies apart: another agency's schedule is not found, listed, changed or run by them", async () => {
    const s = await daily();
    expect(await listSchedules({ ctx, principal: as(educacion) })).toEqual([]);
    for (const call of [
      () => getSchedule({ ctx, input: { schedule: s.id }, principal: as(educacion) }),
      () => setScheduleEnabled({ ctx, input: { schedule: s.id, enabled: false }, principal: as(educacion) }),
      () => deleteSchedule({ ctx, input: { schedule: s.id }, principal: as(educacion) }),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await rowOf(s.id))?.enabled).toBe(true);
  });
});

describe('runDueSchedules', () => {
  it('runs a due schedule once: one message, one prepare job, advanced in the same transaction', async () => {
    const s = await daily({ message: { to: '+34600000001', text: 'Recuerde su cita', validFor: 'PT2H' } });
    expect((await tick()).ran).toEqual([]); // 06:00 UTC: not yet
    clock = new Date('2026-06-10T07:00:20Z');
    expect((await tick()).ran).toEqual([{ id: s.id, tenantId: salud, outcome: 'sent', missed: 0 }]);
    const sent = await messagesOf(s.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ toPhone: '+34600000001', fromAddr: 'SALUD', status: 'accepted' });
    expect(sent[0]?.validUntil?.toISOString()).toBe('2026-06-10T09:00:00.000Z'); // occurrence + PT2H
    expect(enqueued.map((e) => e.name)).toEqual(['message.prepare']);
    const row = await rowOf(s.id);
    expect(row?.nextRunAt?.toISOString()).toBe('2026-06-11T07:00:00.000Z');
    expect(row?.lastResult).toMatchObject({ outcome: 'sent', messageId: sent[0]?.id, missed: 0 });
    expect(row?.runCount).toBe(1);
    // The same minute again (a retried job, a second dispatcher): nothing more.
    expect((await tick()).ran).toEqual([]);
    expect(await messagesOf(s.id)).toHaveLength(1);
  });

  it('fires each due schedule exactly once when two ticks run at the same time', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => daily()));
    const other = await daily({}, educacion);
    clock = new Date('2026-06-10T07:00:05Z');
    const [a, b] = await Promise.all([tick(), tick()]);
    const ran = [...a.ran, ...b.ran].map((r) => r.id).sort();
    expect(ran).toEqual([...made.map((s) => s.id), other.id].sort());
    for (const s of [...made, other]) expect(await messagesOf(s.id), s.name).toHaveLength(1);
  });

  it('after downtime runs only the latest missed occurrence, once, and says how many it skipped', async () => {
    const s = await daily({ cron: '*/15 * * * *' });
    expect(s.nextRunAt).toBe('2026-06-10T06:15:00.000Z');
    clock = new Date('2026-06-10T11:07:00Z'); // down since before 06:15
    const [run] = (await tick()).ran;
    expect(run).toMatchObject({ outcome: 'sent', missed: 19 }); // 06:15 … 10:45 skipped, 11:00 sent
    expect(await messagesOf(s.id)).toHaveLength(1);
    const row = await rowOf(s.id);
    expect(row?.lastResult).toMatchObject({ occurrence: '2026-06-10T11:00:00.000Z', missed: 19 });
    expect(row?.nextRunAt?.toISOString()).toBe('2026-06-10T11:15:00.000Z');
    expect((await tick()).ran).toEqual([]);
  });

  it('skips an occurrence whose validFor passed while the dispatcher was down', async () => {
    const s = await daily({ message: { to: '+34600000001', text: 'Hoy', validFor: 'PT1H' } });
    clock = new Date('2026-06-10T08:30:00Z'); // 09:00 CEST + 1 h = 08:00 UTC: stale
    expect((await tick()).ran).toEqual([{ id: s.id, tenantId: salud, outcome: 'skipped', missed: 0 }]);
    expect(await messagesOf(s.id)).toHaveLength(0);
    expect((await rowOf(s.id))?.nextRunAt?.toISOString()).toBe('2026-06-11T07:00:00.000Z');
  });

  it('does not run disabled schedules, and re-enabled ones wait for the next occurrence', async () => {
    const s = await daily();
    const off = await setScheduleEnabled({
      ctx,
      input: { schedule: s.id, enabled: false },
      principal: as(salud),
    });
    expect(off).toMatchObject({ enabled: false, nextRunAt: null });
    clock = new Date('2026-06-12T07:30:00Z');
    expect((await tick()).ran).toEqual([]);
    const on = await setScheduleEnabled({
      ctx,
      input: { schedule: s.id, enabled: true },
      principal: as(salud),
    });
    expect(on.nextRunAt).toBe('2026-06-13T07:00:00.000Z'); // not the 10th, 11th or 12th
    expect(await messagesOf(s.id)).toHaveLength(0);
  });

  it('records a run whose spec no longer works as failed, moves on, and still runs the others', async () => {
    const broken = await daily({ message: { to: '+34600000002', text: 'x', from: 'SALUD' } });
    const fine = await daily();
    await t.sql`update senders set value = 'SALUD2' where tenant_id = ${salud}`;
    try {
      clock = new Date('2026-06-10T07:01:00Z');
      const ran = (await tick()).ran;
      expect(ran.find((r) => r.id === broken.id)?.outcome).toBe('failed');
      expect(ran.find((r) => r.id === fine.id)?.outcome).toBe('sent');
      expect((await rowOf(broken.id))?.lastResult).toMatchObject({
        outcome: 'failed',
        error: { code: 'BAD_REQUEST', message: expect.stringContaining('"from" SALUD') },
      });
      expect((await rowOf(broken.id))?.nextRunAt?.toISOString()).toBe('2026-06-11T07:00:00.000Z');
      expect(await messagesOf(broken.id)).toHaveLength(0);
      expect(await messagesOf(fine.id)).toHaveLength(1);
    } finally {
      await t.sql`update senders set value = 'SALUD' where tenant_id = ${salud}`;
    }
  });

  it('runs a broadcast schedule as one broadcast per occurrence, named after it, even when ticks race', async () => {
    const s = await daily({
      service: 'citas',
      message: undefined,
      broadcast: { name: 'Aviso', target: { kind: 'service' }, templates: { es: 'Hola' }, validFor: 'PT6H' },
    });
    clock = new Date('2026-06-10T07:00:30Z');
    const [first, second] = await Promise.all([tick(), tick()]);
    expect([...first.ran, ...second.ran]).toMatchObject([{ id: s.id, outcome: 'sent' }]);
    expect(await t.db.select().from(broadcasts)).toHaveLength(1);
    const result = (await rowOf(s.id))?.lastResult;
    const [b] = await t.db
      .select()
      .from(broadcasts)
      .where(eq(broadcasts.id, result?.broadcastId ?? '00000000-0000-4000-8000-000000000000'));
    expect(b).toMatchObject({ name: 'Aviso · 2026-06-10 09:00' });
    expect((await tick()).ran).toEqual([]);
  });

  it("runs the other agencies' schedules when one agency's cannot run, then reports it", async () => {
    const good = await daily({}, educacion);
    const bad = await daily();
    // A row no verb would write (a corrupt cron): its agency's batch fails whole and waits.
    await t.sql`update schedules set cron = 'not a cron' where id = ${bad.id}`;
    clock = new Date('2026-06-10T07:00:30Z');
    await expect(tick()).rejects.toMatchObject({ code: 'INTERNAL', retryable: true });
    expect(await messagesOf(good.id)).toHaveLength(1);
    expect((await rowOf(good.id))?.nextRunAt?.toISOString()).toBe('2026-06-11T07:00:00.000Z');
    expect((await rowOf(bad.id))?.nextRunAt?.toISOString()).toBe('2026-06-10T07:00:00.000Z');
  });

  it('runs message and broadcast schedules on a one-connection pool (the embedded database)', async () => {
    const one = openDatabase({ url: t.url, max: 1 });
    try {
      const m = await daily();
      const b = await daily({
        service: 'citas',
        message: undefined,
        broadcast: { name: 'Uno', target: { kind: 'service' }, templates: { es: 'Hola' } },
      });
      clock = new Date('2026-06-10T07:00:30Z');
      const ran = (await runDueSchedules({ ctx: { ...ctx, db: one.db }, input: {} })).ran;
      expect(ran.map((r) => [r.id, r.outcome]).sort()).toEqual(
        [
          [m.id, 'sent'],
          [b.id, 'sent'],
        ].sort(),
      );
    } finally {
      await one.close();
    }
  });

  it('deletes a schedule and keeps the messages it sent', async () => {
    const s = await daily();
    clock = new Date('2026-06-10T07:00:30Z');
    await tick();
    await deleteSchedule({ ctx, input: { schedule: s.name }, principal: as(salud) });
    expect(await rowOf(s.id)).toBeUndefined();
    const kept = await t.db.select().from(messages).where(eq(messages.toPhone, '+34600000001'));
    expect(kept).toHaveLength(1);
    expect(kept[0]?.scheduleId).toBeNull();
  });
});
