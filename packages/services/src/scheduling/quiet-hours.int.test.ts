import { randomBytes } from 'node:crypto';
import { auditEvents, messageEvents, messages, services, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { Lane } from '@pregon/domain';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { setQuietHours } from './set-quiet-hours.ts';

let t: TestDatabase;
let clock = new Date();
let ctx: ServiceContext;
let prepareJobs: Array<{ payload: unknown; options: EnqueueOptions | undefined }> = [];
let submitItems: string[] = [];
let tenant = '';
let alertsService = '';
const cli = { kind: 'cli' } as const;

/** Records what would be enqueued; the database underneath is real. */
const recordingQueue: JobQueue = {
  enqueue: async (_tx, name, payloads, options) => {
    expect(name).toBe('message.prepare');
    for (const payload of payloads) prepareJobs.push({ payload, options });
  },
  enqueueRaw: async (_tx, _queue, payloads) => {
    for (const b of payloads as Array<{ items: Array<{ messageId: string }> }>)
      submitItems.push(...b.items.map((i) => i.messageId));
  },
};

beforeAll(async () => {
  t = await createTestDatabase('services_quiet_hours');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)), now: () => clock };
  await addCarrier({
    ctx,
    input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
    actor: cli,
  });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
  tenant = (
    await createAgency({ ctx, input: { slug: 'sevilla', name: 'Ayuntamiento de Sevilla' }, actor: cli })
  ).id;
  const [svc] = await withTenant(t.db, tenant, (tx) =>
    tx
      .insert(services)
      .values([
        { tenantId: tenant, slug: 'citas', name: 'Citas', type: 'health' },
        { tenantId: tenant, slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
      ])
      .returning({ id: services.id, slug: services.slug })
      .then((rows) => rows.filter((r) => r.slug === 'alertas')),
  );
  alertsService = svc?.id ?? '';
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  prepareJobs = [];
  submitItems = [];
  await setQuietHours({ ctx, input: { agencySlug: 'sevilla', start: '21:00', end: '08:00' }, actor: cli });
  await setQuietHours({
    ctx,
    input: { agencySlug: 'sevilla', serviceSlug: 'alertas', start: null, end: null },
    actor: cli,
  });
});

async function message(opts: { lane?: Lane; serviceId?: string; validUntil?: Date } = {}) {
  const [row] = await withTenant(t.db, tenant, (tx) =>
    tx
      .insert(messages)
      .values({
        tenantId: tenant,
        toPhone: '+34600000001',
        fromAddr: 'SEVILLA',
        body: 'Su cita es mañana a las 9:00',
        lane: opts.lane ?? 'transactional',
        serviceId: opts.serviceId ?? null,
        validUntil: opts.validUntil ?? null,
      })
      .returning({ id: messages.id }),
  );
  if (!row) throw new Error('no message');
  return row.id;
}

async function prepareAt(now: string, ids: string[]) {
  clock = new Date(now);
  return prepareMessages({ ctx, input: { tenantId: tenant, messageIds: ids } });
}

async function stateOf(id: string) {
  const [m] = await t.db.select().from(messages).where(eq(messages.id, id));
  const history = await t.db
    .select({ status: messageEvents.status, reason: messageEvents.reason, detail: messageEvents.detail })
    .from(messageEvents)
    .where(eq(messageEvents.messageId, id))
    .orderBy(asc(messageEvents.id));
  return { status: m?.status, reason: m?.reason, history };
}

describe('prepareMessages: quiet hours', () => {
  it('defers a message due at night until 08:00 Madrid time on the morning clocks go forward', async () => {
    const id = await message();
    // 23:30 CET on Saturday 28 March 2026; the window opens at 08:00 CEST = 06:00Z.
    const r = await prepareAt('2026-03-28T22:30:00Z', [id]);
    expect(r).toMatchObject({ queued: 0, deferred: 1 });
    expect(await stateOf(id)).toMatchObject({
      status: 'scheduled',
      reason: 'quiet_hours',
      history: [
        {
          status: 'scheduled',
          reason: 'quiet_hours',
          detail: { quietHoursUntil: '2026-03-29T06:00:00.000Z' },
        },
      ],
    });
    expect(prepareJobs).toEqual([
      {
        payload: { tenantId: tenant, messageIds: [id] },
        options: { priority: 10, group: { id: tenant }, startAfter: new Date('2026-03-29T06:00:00Z') },
      },
    ]);
    expect(submitItems).toEqual([]);

    // The re-enqueued job runs when the window opens: now it goes.
    prepareJobs = [];
    expect(await prepareAt('2026-03-29T06:00:00Z', [id])).toMatchObject({ queued: 1 });
    expect((await stateOf(id)).status).toBe('queued');
    expect(submitItems).toEqual([id]);
    expect(prepareJobs).toEqual([]);
  });

  it('opens at 08:00 CET on the morning clocks go back (an hour later in UTC)', async () => {
    const id = await message();
    await prepareAt('2026-10-24T23:00:00Z', [id]);
    expect(prepareJobs[0]?.options?.startAfter).toEqual(new Date('2026-10-25T07:00:00Z'));
  });

  it('does not hold emergency messages', async () => {
    const id = await message({ lane: 'emergency' });
    expect(await prepareAt('2026-03-28T22:30:00Z', [id])).toMatchObject({ queued: 1 });
    expect((await stateOf(id)).status).toBe('queued');
    expect(submitItems).toEqual([id]);
    expect(prepareJobs).toEqual([]);
  });

  it('sends during the day', async () => {
    const id = await message();
    await prepareAt('2026-06-10T10:00:00Z', [id]);
    expect((await stateOf(id)).status).toBe('queued');
  });

  it('lets a service window override the agency one', async () => {
    await setQuietHours({
      ctx,
      input: { agencySlug: 'sevilla', serviceSlug: 'alertas', start: '23:00', end: '07:00' },
      actor: cli,
    });
    const own = await message({ serviceId: alertsService });
    const agencyWide = await message();
    // 22:30 CEST: inside the agency's 21:00-08:00, outside the service's 23:00-07:00.
    await prepareAt('2026-06-10T20:30:00Z', [own, agencyWide]);
    expect((await stateOf(own)).status).toBe('queued');
    expect((await stateOf(agencyWide)).status).toBe('scheduled');
  });

  it('expires a message whose validity ends before the window opens, and defers nothing', async () => {
    const id = await message({ validUntil: new Date('2026-03-29T05:00:00Z') });
    await prepareAt('2026-03-28T22:30:00Z', [id]);
    expect(await stateOf(id)).toMatchObject({
      status: 'expired',
      reason: 'validity_expired',
      history: [{ status: 'expired', detail: { quietHoursUntil: '2026-03-29T06:00:00.000Z' } }],
    });
    expect(prepareJobs).toEqual([]);
  });

  it('sends as usual once quiet hours are turned off', async () => {
    await setQuietHours({ ctx, input: { agencySlug: 'sevilla', start: null, end: null }, actor: cli });
    const id = await message();
    await prepareAt('2026-03-28T22:30:00Z', [id]);
    expect((await stateOf(id)).status).toBe('queued');
  });
});

describe('setQuietHours', () => {
  it('stores the window, audits it, and answers with the time zone', async () => {
    const set = await setQuietHours({
      ctx,
      input: { agencySlug: 'sevilla', start: '22:00', end: '07:30' },
      actor: cli,
    });
    expect(set).toEqual({
      agency: 'sevilla',
      service: null,
      start: '22:00',
      end: '07:30',
      timezone: 'Europe/Madrid',
    });
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'quiet_hours.set'));
    expect(audits.some((a) => a.tenantId === tenant && a.target === 'sevilla')).toBe(true);
  });

  it.each([
    [{ start: '21:00', end: null }, /both start and end/],
    [{ start: '24:00', end: '08:00' }, /HH:MM/],
    [{ start: '9:00', end: '08:00' }, /HH:MM/],
    [{ start: '21:00', end: '21:00' }, /differ/],
  ])('rejects %j', async (window, message) => {
    await expect(
      setQuietHours({ ctx, input: { agencySlug: 'sevilla', ...window }, actor: cli }),
    ).rejects.toThrow(message);
  });

  it('is NOT_FOUND for an unknown agency or service', async () => {
    await expect(
      setQuietHours({ ctx, input: { agencySlug: 'nadie', start: null, end: null }, actor: cli }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      setQuietHours({
        ctx,
        input: { agencySlug: 'sevilla', serviceSlug: 'nada', start: null, end: null },
        actor: cli,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nada"') });
  });
});
