import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dispatcher, startDispatcher } from './dispatcher.ts';

let t: TestDatabase;
let dispatcher: Dispatcher;

beforeAll(async () => {
  t = await createTestDatabase('dispatcher_schedules');
  dispatcher = await startDispatcher({ databaseUrl: t.url, poolSize: 2, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await dispatcher?.stop();
  await t?.drop();
});

describe('periodic jobs', () => {
  it('schedules the hourly purge and the minute sweep in Madrid time', async () => {
    const schedules = await dispatcher.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, s.timezone]).sort()).toEqual([
      ['messages.sweep', '* * * * *', 'Europe/Madrid'],
      ['retention.purge', '7 * * * *', 'Europe/Madrid'],
    ]);
  });

  it('works a purge job through its handler', async () => {
    const id = await dispatcher.boss.send('retention.purge', {});
    if (!id) throw new Error('not sent');
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'completed' && state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const [job] = await dispatcher.boss.findJobs('retention.purge', { id });
      state = job?.state;
    }
    expect(state).toBe('completed');
    const [audit] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from audit_events where action = 'retention.purge'`;
    expect(audit?.n).toBeGreaterThanOrEqual(1);
  });
});
