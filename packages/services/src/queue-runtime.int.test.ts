// A crash restarts the gateway and the dispatcher together (as the crash tests, systemd or a host
// reboot do), and both run startBoss's grants at once. Concurrent GRANTs on one table fail in
// PostgreSQL with "tuple concurrently updated", which killed the restarted dispatcher and stalled
// everything it owns (fan-out, prepare, receipts) until someone noticed.
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from './queue-runtime.ts';

let t: TestDatabase;
const started: PgBoss[] = [];

beforeAll(async () => {
  t = await createTestDatabase('services_queue_runtime');
  // The schema and the queues exist, as after the first start: what remains racing is the grants.
  started.push(await startBoss({ connectionString: t.url, max: 1 }));
});

afterAll(async () => {
  await Promise.all(started.map((b) => b.stop({ graceful: false })));
  await t?.drop();
});

describe('startBoss', () => {
  it('survives processes starting at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => startBoss({ connectionString: t.url, max: 1 })),
      );
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    }
  }, 120_000);
});
