import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWorkers } from './queue-runtime.ts';

let t: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase('services_register_workers');
  boss = new PgBoss({ connectionString: t.url, max: 3, schema: 'pgboss', useListenNotify: true });
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.drop();
});

describe('one-job-at-a-time workers', () => {
  it('work a backlog queued before them one job after another, not one per poll delay', async () => {
    const name = 'one-at-a-time';
    await boss.createQueue(name, { notify: true });
    // A backlog that no later insert will announce: only the workers' own wake-ups drain it.
    await boss.insert(
      name,
      Array.from({ length: 8 }, (_, i) => ({ data: { i } })),
    );
    const done: number[] = [];
    const started = performance.now();
    // With a 30 s poll, eight jobs on two workers would take about two minutes without the wake-up.
    await registerWorkers(
      boss,
      name,
      { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 30, notifyPollingIntervalSeconds: 30 },
      async (jobs) => {
        for (const j of jobs) done.push((j.data as { i: number }).i);
      },
    );
    while (done.length < 8 && performance.now() - started < 15_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  }, 30_000);
});
