import { randomBytes } from 'node:crypto';
import { messages, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { type JobPayload, type SubmitBatch, submitQueueName } from '@pregon/domain';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { ServiceContext } from '../context.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { pgBossQueue } from '../queue.ts';
import { ensureQueue, startBoss } from '../queue-runtime.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { sweepStuckMessages } from './sweep.ts';

let t: TestDatabase;
let boss: PgBoss;
let ctx: ServiceContext;
let tenantId = '';
let carrierId = '';
const cli = { kind: 'cli' } as const;
const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestDatabase('services_sweep');
  boss = await startBoss({ connectionString: t.url, max: 2 });
  const secrets = createCarrierSecrets(randomBytes(32));
  ctx = { db: t.db, queue: pgBossQueue(boss), secrets }; // replaced once the submit queue exists
  tenantId = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  carrierId = (
    await addCarrier({
      ctx,
      input: { name: 'primary', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
      actor: cli,
    })
  ).id;
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'primary' }, actor: cli });
  await ensureQueue(boss, submitQueueName(carrierId));
  const queue = pgBossQueue(boss);
  await queue.refresh();
  ctx = { ...ctx, queue };
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.drop();
});

async function message(status: 'accepted' | 'queued' | 'delivered' = 'accepted') {
  const [row] = await withTenant(t.db, tenantId, (tx) =>
    tx
      .insert(messages)
      .values({ tenantId, toPhone: '+34600000001', fromAddr: 'SALUD', body: 'Cita el martes', status })
      .returning({ id: messages.id }),
  );
  if (!row) throw new Error('no message');
  return row.id;
}

const statusOf = async (id: string) =>
  (await withTenant(t.db, tenantId, (tx) => tx.select().from(messages).where(eq(messages.id, id))))[0]
    ?.status;

/** A job that ran out of attempts: sent with none to spare, fetched, failed. */
async function failedJob(queue: string, data: object): Promise<string> {
  const id = await boss.send(queue, data, { retryLimit: 0 });
  if (!id) throw new Error('not sent');
  const jobs = await boss.fetch(queue, { batchSize: 10 });
  expect(jobs.map((j) => j.id)).toContain(id);
  await boss.fail(queue, id, new Error('database on fire'));
  return id;
}

const stateOf = async (id: string) =>
  (await t.db.execute<{ state: string }>(sql`select state::text from pgboss.job where id = ${id}::uuid`))[0]
    ?.state;

describe('sweepStuckMessages', () => {
  it('gives a failed message.prepare another go, and its accepted message gets queued', async () => {
    const id = await message();
    const jobId = await failedJob('message.prepare', { tenantId, messageIds: [id] });

    // Failed just now: a short outage may still be passing.
    expect(await sweepStuckMessages({ ctx, input: {} })).toEqual({ retried: [], settled: 0 });
    const run = await sweepStuckMessages({ ctx: { ...ctx, now: later(11) }, input: {} });
    expect(run.retried).toEqual([{ id: jobId, queue: 'message.prepare', messages: 1 }]);
    expect(await stateOf(jobId)).toBe('retry');

    // What the dispatcher does with it next.
    const [job] = await boss.fetch<JobPayload<'message.prepare'>>('message.prepare');
    expect(job?.id).toBe(jobId);
    if (!job) return;
    expect(await prepareMessages({ ctx, input: job.data })).toEqual({ queued: 1, settled: 0 });
    await boss.complete('message.prepare', job.id);
    expect(await statusOf(id)).toBe('queued');
    const [batch] = await boss.fetch<SubmitBatch>(submitQueueName(carrierId));
    expect(batch?.data.items.map((i) => i.messageId)).toEqual([id]);
    if (batch) await boss.complete(submitQueueName(carrierId), batch.id);

    // Nothing failed any more: the next sweep does nothing.
    expect(await sweepStuckMessages({ ctx: { ...ctx, now: later(11) }, input: {} })).toEqual({
      retried: [],
      settled: 0,
    });
  });

  it('leaves a failed job whose messages moved on, and one out of sweeps, to the operator', async () => {
    const done = await message('delivered');
    const settledJob = await failedJob('message.prepare', { tenantId, messageIds: [done] });
    const waiting = await message();
    const exhausted = await failedJob('message.prepare', { tenantId, messageIds: [waiting] });
    await t.db.execute(sql`update pgboss.job set retry_limit = 8 where id = ${exhausted}::uuid`);

    const run = await sweepStuckMessages({ ctx: { ...ctx, now: later(11) }, input: {} });
    expect(run).toEqual({ retried: [], settled: 1 });
    expect(await stateOf(settledJob)).toBe('failed');
    expect(await stateOf(exhausted)).toBe('failed');
    expect(await statusOf(waiting)).toBe('accepted');
    await t.db.execute(sql`delete from pgboss.job where id in (${settledJob}::uuid, ${exhausted}::uuid)`);
  });

  it('retries a failed submit job whose message is still queued', async () => {
    const id = await message('queued');
    const queue = submitQueueName(carrierId);
    const item = {
      tenantId,
      messageId: id,
      to: '34600000001',
      from: 'SALUD',
      sourceTon: 5,
      sourceNpi: 0,
      dataCoding: 0,
      parts: [{ bytes: '00', udhi: false }],
      validUntil: null,
    };
    const jobId = await failedJob(queue, { carrierId, items: [item] });
    const run = await sweepStuckMessages({ ctx: { ...ctx, now: later(11) }, input: {} });
    expect(run.retried).toEqual([{ id: jobId, queue, messages: 1 }]);
    expect(await stateOf(jobId)).toBe('retry');
  });
});
