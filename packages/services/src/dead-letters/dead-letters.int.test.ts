import { auditEvents } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { inArray, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { startBoss } from '../queue-runtime.ts';
import { listDeadLetters } from './list.ts';
import { retryDeadLetter } from './retry.ts';

let t: TestDatabase;
let boss: PgBoss;
let ctx: ServiceContext;
const cli = { kind: 'cli' } as const;
const carrierId = '6f1c1f6e-7a43-4f57-9d7e-0a4d0d3b1e11';
const receipt = {
  carrierMessageId: 'abc123',
  state: 'delivered',
  errorCode: null,
  doneAt: null,
  receivedAt: '2026-03-01T10:00:00.000Z',
};

beforeAll(async () => {
  t = await createTestDatabase('services_dead_letters');
  boss = await startBoss({ connectionString: t.url, max: 2 });
  ctx = { db: t.db, queue: noJobQueue };
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.drop();
});

describe('dead letters', () => {
  it('lists a failed job with its reason, and an operator retries it once', async () => {
    expect(await listDeadLetters({ ctx, input: {}, actor: cli })).toEqual({ deadLetters: [] });
    const id = await boss.send('receipt.apply', { carrierId, receipts: [receipt] }, { retryLimit: 0 });
    if (!id) throw new Error('not sent');
    // A job still working is not a dead letter.
    await boss.fetch('receipt.apply');
    expect((await listDeadLetters({ ctx, input: {}, actor: cli })).deadLetters).toEqual([]);
    await boss.fail('receipt.apply', id, new Error('could not serialize access'));

    const { deadLetters } = await listDeadLetters({ ctx, input: {}, actor: cli });
    expect(deadLetters).toEqual([
      expect.objectContaining({
        id,
        queue: 'receipt.apply',
        reason: 'could not serialize access',
        attempts: 1,
        receipts: 1,
        messages: 0,
      }),
    ]);

    expect(await retryDeadLetter({ ctx, input: { jobId: id }, actor: cli })).toEqual({
      id,
      queue: 'receipt.apply',
    });
    const [job] = await t.db.execute<{ state: string }>(
      sql`select state::text from pgboss.job where id = ${id}::uuid`,
    );
    expect(job?.state).toBe('retry');
    expect((await listDeadLetters({ ctx, input: {}, actor: cli })).deadLetters).toEqual([]);
    // pg-boss hands it out again.
    expect((await boss.fetch('receipt.apply')).map((j) => j.id)).toEqual([id]);

    await expect(retryDeadLetter({ ctx, input: { jobId: id }, actor: cli })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('active'),
    });
    const audit = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['deadletters.list', 'deadletters.retry']));
    expect(audit.filter((a) => a.action === 'deadletters.retry')).toHaveLength(1);
  });

  it('says clearly when the id is not a job', async () => {
    await expect(retryDeadLetter({ ctx, input: { jobId: 'abc' }, actor: cli })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      retryDeadLetter({ ctx, input: { jobId: '00000000-0000-4000-8000-000000000000' }, actor: cli }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
