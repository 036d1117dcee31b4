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
  it('schedules the hourly purge, the minute sweep and the minute schedules tick in Madrid time', async () => {
    const schedules = await dispatcher.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, s.timezone]).sort()).toEqual([
      ['messages.sweep', '* * * * *', 'Europe/Madrid'],
      ['retention.purge', '7 * * * *', 'Europe/Madrid'],
      ['schedules.tick', '* * * * *', 'Europe/Madrid'],
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

  it('runs a due recurring schedule through the schedules.tick handler, once', async () => {
    const [agency] = await t.sql<{ id: string }[]>`
      insert into agencies (slug, name) values ('tick', 'Tick') returning id`;
    const tenant = agency?.id ?? '';
    await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${tenant}, 'alphanumeric', 'TICK', true)`;
    const [schedule] = await t.sql<{ id: string }[]>`
      insert into schedules (tenant_id, name, cron, timezone, kind, spec, next_run_at, created_by)
      values (${tenant}, 'cada-minuto', '* * * * *', 'Europe/Madrid', 'message',
        '{"to":"+34600000001","text":"Hola"}', now() - interval '1 minute', 'cli') returning id`;
    for (let run = 0; run < 2; run++) {
      const id = await dispatcher.boss.send('schedules.tick', {});
      if (!id) throw new Error('not sent');
      let state: string | undefined;
      for (let i = 0; i < 100 && state !== 'completed' && state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const [job] = await dispatcher.boss.findJobs('schedules.tick', { id });
        state = job?.state;
      }
      expect(state).toBe('completed');
    }
    const sent = await t.sql<{ n: number }[]>`
      select count(*)::int as n from messages where schedule_id = ${schedule?.id ?? ''}`;
    expect(sent[0]?.n).toBe(1);
    const [row] = await t.sql<{ next: boolean }[]>`
      select next_run_at > now() as next from schedules where id = ${schedule?.id ?? ''}`;
    expect(row?.next).toBe(true);
  });
});
