import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('cli_schedule');
  expect((await pregon(['agency', 'create', '--slug', 'valencia', '--name', 'València'])).code).toBe(0);
  const [agency] = await t.sql<{ id: string }[]>`select id from agencies where slug = 'valencia'`;
  await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${agency?.id ?? ''}, 'alphanumeric', 'VALENCIA', true)`;
});
afterAll(async () => {
  await t?.drop();
});

async function pregon(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { DATABASE_URL: t.url },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

const add = (...extra: string[]) =>
  pregon([
    'schedule',
    'add',
    '--agency',
    'valencia',
    '--name',
    'recogida',
    '--cron',
    '0 19 * * 1',
    '--to',
    '+34600000001',
    '--text',
    'Mañana pasa la recogida de enseres',
    ...extra,
  ]);

describe('schedule add|list|disable|enable|delete', () => {
  it('adds, lists, disables, enables and deletes a schedule', async () => {
    const added = await add('--valid-for', 'PT3H', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({
      schedule: { name: 'recogida', cron: '0 19 * * 1', timezone: 'Europe/Madrid', enabled: true },
    });

    const listed = await pregon(['schedule', 'list', '--agency', 'valencia']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('recogida');
    expect(listed.stdout).toContain('Europe/Madrid');

    const off = await pregon(['schedule', 'disable', 'recogida', '--agency', 'valencia', '--json']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.json()).toMatchObject({ schedule: { enabled: false, nextRunAt: null } });
    const on = await pregon(['schedule', 'enable', 'recogida', '--agency', 'valencia', '--json']);
    expect(on.json()).toMatchObject({ schedule: { enabled: true } });

    const gone = await pregon(['schedule', 'delete', 'recogida', '--agency', 'valencia']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(await t.sql`select 1 from schedules`).toHaveLength(0);
  });

  it('reports a bad cron, zone or duration clearly, and stores nothing', async () => {
    for (const [extra, flag] of [
      [['--cron', '0 19 * *'], 'must have 5 fields (minute hour day-of-month month day-of-week)'],
      [['--timezone', 'Valencia'], '"Valencia" is not an IANA time zone'],
      [['--valid-for', '3 hours'], 'is not an ISO 8601 duration'],
    ] as const) {
      const run = await pregon([
        'schedule',
        'add',
        '--agency',
        'valencia',
        '--name',
        'mal',
        '--to',
        '+34600000001',
        '--text',
        'x',
        ...(extra[0] === '--cron' ? [] : ['--cron', '0 9 * * *']),
        ...extra,
      ]);
      expect(run.code, flag).not.toBe(0);
      expect(run.stderr, flag).toContain(flag);
    }
    expect(await t.sql`select 1 from schedules`).toHaveLength(0);
    const unknown = await pregon(['schedule', 'list', '--agency', 'nadie']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No agency "nadie"');
  });
});
