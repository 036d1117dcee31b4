import { randomBytes, randomUUID } from 'node:crypto';
import { carrierLinks, messages, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { LANES, type Lane, REPLY_PRIORITY, type SubmitBatch } from '@pregon/domain';
import { ConcatReferences } from '@pregon/sms';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { prepareMessages } from './prepare.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let batches: SubmitBatch[] = [];
/** The options each recorded submit batch was enqueued with, parallel to `batches`. */
let batchOptions: EnqueueOptions[] = [];
const cli = { kind: 'cli' } as const;
const carrierIds = new Map<string, string>();
let salud = '';
let educacion = '';

/** Records what would be enqueued; the database underneath is real. */
const recordingQueue: JobQueue = {
  enqueue: () => Promise.reject(new Error('prepare enqueues only per-carrier submit jobs')),
  enqueueRaw: async (_tx, _queue, payloads, options = {}) => {
    batches.push(...(payloads as SubmitBatch[]));
    batchOptions.push(...payloads.map(() => options));
  },
};

beforeAll(async () => {
  t = await createTestDatabase('services_prepare');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  for (const [name, extra] of [
    ['primary', { window: 2 }],
    ['backup', { destTon: 0, destNpi: 9 }],
    ['override', {}],
  ] as const) {
    const c = await addCarrier({
      ctx,
      input: { name, host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw', ...extra },
      actor: cli,
    });
    carrierIds.set(name, c.id);
  }
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'primary', priority: 1 }, actor: cli });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'backup', priority: 2 }, actor: cli });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'override', agencySlug: 'educacion' }, actor: cli });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  batches = [];
  batchOptions = [];
  await t.db.delete(carrierLinks);
});

const id = (name: string) => carrierIds.get(name) ?? '';

/** One link per carrier: bound and fresh unless said otherwise. */
async function link(name: string, opts: { state?: string; ageSeconds?: number; outstanding?: number } = {}) {
  await t.db.insert(carrierLinks).values({
    carrierId: id(name),
    ordinal: 0,
    state: opts.state ?? 'bound',
    outstanding: opts.outstanding ?? 0,
    heartbeatAt: sql`now() - make_interval(secs => ${opts.ageSeconds ?? 0})`,
  });
}

async function send(
  tenantId: string,
  body = 'Cita mañana a las 9',
  to = '+34600000001',
  lane: Lane = 'transactional',
) {
  const [row] = await withTenant(t.db, tenantId, (tx) =>
    tx
      .insert(messages)
      .values({ tenantId, toPhone: to, fromAddr: 'SALUD', body, lane })
      .returning({ id: messages.id }),
  );
  if (!row) throw new Error('no message');
  return row.id;
}

async function prepareOne(tenantId: string, references?: ConcatReferences) {
  const messageId = await send(tenantId);
  await prepareMessages({
    ctx,
    input: { tenantId, messageIds: [messageId] },
    ...(references ? { references } : {}),
  });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, messageId));
  return row;
}

describe('prepareMessages: failover routing', () => {
  it('takes the first route whose carrier has a bound, fresh link', async () => {
    await link('primary');
    await link('backup');
    expect((await prepareOne(salud))?.carrierId).toBe(id('primary'));
    expect(batches.map((b) => b.carrierId)).toEqual([id('primary')]);
  });

  it('skips a carrier whose link is unbound, silent for too long, or has a full window', async () => {
    await link('backup');
    for (const primary of [{ state: 'unbound' }, { ageSeconds: 60 }, { outstanding: 2 }]) {
      await t.db.delete(carrierLinks).where(eq(carrierLinks.carrierId, id('primary')));
      await link('primary', primary);
      const row = await prepareOne(salud);
      expect(row, JSON.stringify(primary)).toMatchObject({ status: 'queued', carrierId: id('backup') });
    }
  });

  it('queues on the first candidate when no carrier is up, so its queue waits for the link', async () => {
    await link('primary', { state: 'unbound' });
    expect(await prepareOne(salud)).toMatchObject({ status: 'queued', carrierId: id('primary') });
  });

  it("uses an agency's own route first, and the platform's when that carrier is down", async () => {
    await link('primary');
    await link('override');
    expect((await prepareOne(educacion))?.carrierId).toBe(id('override'));
    expect((await prepareOne(salud))?.carrierId).toBe(id('primary'));
    await t.db
      .update(carrierLinks)
      .set({ state: 'unbound' })
      .where(eq(carrierLinks.carrierId, id('override')));
    expect((await prepareOne(educacion))?.carrierId).toBe(id('primary'));
  });

  it("puts the carrier's destination TON/NPI in the submit item", async () => {
    await link('backup');
    await prepareOne(salud);
    expect(batches[0]?.items[0]).toMatchObject({ to: '34600000001', destTon: 0, destNpi: 9 });
  });
});

describe('prepareMessages: two runs at once', () => {
  it('queues a message in one submit batch only, whichever run moves it', async () => {
    await link('primary');
    const ids = [await send(salud, 'uno', '+34600000101'), await send(salud, 'dos', '+34600000102')];
    // The keyword engine prepares its replies while their message.prepare jobs may already run.
    const runs = await Promise.all(
      [0, 1, 2].map(() => prepareMessages({ ctx, input: { tenantId: salud, messageIds: ids } })),
    );
    expect(runs.reduce((n, r) => n + r.queued, 0)).toBe(2);
    const queued = batches.flatMap((b) => b.items.map((i) => i.messageId)).sort();
    expect(queued).toEqual([...ids].sort());
  });
});

describe('prepareMessages: lanes', () => {
  it('never mixes lanes in a submit batch: one batch per carrier and lane, at that lane priority', async () => {
    await link('primary');
    const lanes: Lane[] = ['bulk', 'emergency', 'bulk', 'transactional', 'election', 'bulk'];
    const ids = [];
    for (const [i, lane] of lanes.entries()) ids.push(await send(salud, `Aviso ${i}`, undefined, lane));
    await prepareMessages({ ctx, input: { tenantId: salud, messageIds: ids } });
    const got = batches.map((b, i) => ({
      lane: b.lane,
      carrierId: b.carrierId,
      size: b.items.length,
      priority: batchOptions[i]?.priority,
      group: batchOptions[i]?.group?.id,
    }));
    const expected = (lane: Lane, size: number) => ({
      lane,
      carrierId: id('primary'),
      size,
      priority: LANES[lane],
      group: `${salud}:${lane}`,
    });
    expect(got).toHaveLength(4);
    expect(got).toEqual(
      expect.arrayContaining([
        expected('bulk', 3),
        expected('emergency', 1),
        expected('transactional', 1),
        expected('election', 1),
      ]),
    );
    const emergency = batches.find((b) => b.lane === 'emergency');
    expect(emergency?.items.map((i) => i.messageId)).toEqual([ids[1]]);
  });

  it('puts replies to a citizen in their own batch, marked as replies, ahead of every lane', async () => {
    await link('primary');
    const blast = await send(salud, 'Resultados', '+34600000002', 'election');
    const plain = await send(salud, 'Cita', '+34600000003', 'transactional');
    const [reply] = await withTenant(t.db, salud, (tx) =>
      tx
        .insert(messages)
        .values({
          tenantId: salud,
          toPhone: '+34600000004',
          fromAddr: '21700',
          body: 'Alta confirmada',
          inReplyTo: randomUUID(),
        })
        .returning({ id: messages.id }),
    );
    await prepareMessages({ ctx, input: { tenantId: salud, messageIds: [blast, plain, reply?.id ?? ''] } });
    const got = batches.map((b, i) => ({
      ids: b.items.map((x) => x.messageId),
      lane: b.lane,
      reply: b.reply ?? false,
      priority: batchOptions[i]?.priority,
      group: batchOptions[i]?.group?.id,
    }));
    expect(got).toEqual(
      expect.arrayContaining([
        {
          ids: [blast],
          lane: 'election',
          reply: false,
          priority: LANES.election,
          group: `${salud}:election`,
        },
        {
          ids: [plain],
          lane: 'transactional',
          reply: false,
          priority: LANES.transactional,
          group: `${salud}:transactional`,
        },
        {
          ids: [reply?.id],
          lane: 'transactional',
          reply: true,
          priority: REPLY_PRIORITY,
          group: `${salud}:transactional:reply`,
        },
      ]),
    );
    expect(got).toHaveLength(3);
    // Replies go first, emergency alerts included (the inbound flood limits keep them few).
    expect(REPLY_PRIORITY > LANES.emergency).toBe(true);
  });
});

describe('prepareMessages: concatenation references', () => {
  it('rotates the reference per destination across calls when given one ConcatReferences', async () => {
    await link('primary');
    const references = new ConcatReferences({ random: () => 0.5 });
    const long = 'Recordatorio de su cita en el centro de salud. '.repeat(5);
    const refOf = async () => {
      const messageId = await send(salud, long);
      batches = [];
      await prepareMessages({ ctx, input: { tenantId: salud, messageIds: [messageId] }, references });
      const parts = batches[0]?.items[0]?.parts ?? [];
      expect(parts.length).toBeGreaterThan(1);
      // UDH: 05 00 03 <ref> <total> <seq> (3GPP TS 23.040 §9.2.3.24.1)
      return parts.map((p) => p.bytes.slice(0, 8));
    };
    const first = await refOf();
    const second = await refOf();
    expect(new Set(first)).toEqual(new Set(['05000380']));
    expect(new Set(second)).toEqual(new Set(['05000381']));
  });
});
