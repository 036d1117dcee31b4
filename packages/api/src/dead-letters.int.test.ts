import { startBoss } from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerAs,
  seedAgency,
  seedPlatformAdmin,
  startTestPlatform,
  type TestPlatform,
} from './testing/platform-fixture.ts';

let p: TestPlatform;
let boss: PgBoss;
let rootToken: string;
let agencyToken: string;
const carrierId = '6f1c1f6e-7a43-4f57-9d7e-0a4d0d3b1e11';

beforeAll(async () => {
  p = await startTestPlatform('api_dead_letters');
  boss = await startBoss({ connectionString: p.t.url, max: 2 });
  rootToken = (await seedPlatformAdmin(p)).token;
  agencyToken = (await seedAgency(p, 'salud', 'SALUD')).token;
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await p?.close();
});

/** A receipt.apply job that failed for good, as the worker wrapper leaves it. */
async function deadLetter(reason: string): Promise<string> {
  const receipt = {
    carrierMessageId: 'abc123',
    state: 'delivered',
    errorCode: null,
    doneAt: null,
    receivedAt: '2026-03-01T10:00:00.000Z',
  };
  const id = await boss.send('receipt.apply', { carrierId, receipts: [receipt] }, { retryLimit: 0 });
  if (!id) throw new Error('pg-boss did not take the job');
  await boss.fetch('receipt.apply');
  await boss.fail('receipt.apply', id, new Error(reason));
  return id;
}

describe('deadLetters router', () => {
  it('shows a platform admin the failed job with its reason, and retries it once', async () => {
    const root = callerAs(p.services, { token: rootToken });
    const id = await deadLetter('could not serialize access');
    const { deadLetters } = await root.deadLetters.list();
    expect(deadLetters).toEqual([
      expect.objectContaining({
        id,
        queue: 'receipt.apply',
        reason: 'could not serialize access',
        receipts: 1,
      }),
    ]);

    expect(await root.deadLetters.retry({ jobId: id })).toEqual({ id, queue: 'receipt.apply' });
    expect((await root.deadLetters.list()).deadLetters).toEqual([]);
    await expect(root.deadLetters.retry({ jobId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(root.deadLetters.retry({ jobId: 'not-a-job' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('is for platform admins only', async () => {
    const id = await deadLetter('boom');
    const admin = callerAs(p.services, { token: agencyToken });
    await expect(admin.deadLetters.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.deadLetters.retry({ jobId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(p.services).deadLetters.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // Still failed: the refused retry touched nothing.
    const root = callerAs(p.services, { token: rootToken });
    expect((await root.deadLetters.list()).deadLetters.map((d) => d.id)).toContain(id);
  });
});
