import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('cli_quiet_hours');
  expect((await pregon(['agency', 'create', '--slug', 'valencia', '--name', 'València'])).code).toBe(0);
  const [agency] = await t.sql<{ id: string }[]>`select id from agencies where slug = 'valencia'`;
  await t.sql`insert into services (tenant_id, slug, name, type) values (${agency?.id ?? ''}, 'citas', 'Citas', 'health')`;
});
afterAll(async () => {
  await t?.drop();
});

async function pregon(argv: string[], env: Record<string, string | undefined> = { DATABASE_URL: t.url }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

const stored = async (table: 'agencies' | 'services', slug: string) =>
  (
    await t.sql<{ start: string | null; end: string | null }[]>`
      select quiet_hours_start as start, quiet_hours_end as "end" from ${t.sql(table)} where slug = ${slug}`
  )[0];

describe('agency quiet-hours', () => {
  it('sets a window crossing midnight and prints { quietHours } with --json', async () => {
    const run = await pregon([
      'agency',
      'quiet-hours',
      '--agency',
      'valencia',
      '--start',
      '21:00',
      '--end',
      '08:00',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({
      quietHours: {
        agency: 'valencia',
        service: null,
        start: '21:00',
        end: '08:00',
        timezone: 'Europe/Madrid',
      },
    });
    expect(await stored('agencies', 'valencia')).toEqual({ start: '21:00', end: '08:00' });
  });

  it("sets a service's own window and turns it off again with --off", async () => {
    const on = await pregon([
      'agency',
      'quiet-hours',
      '--agency',
      'valencia',
      '--service',
      'citas',
      '--start',
      '22:00',
      '--end',
      '07:00',
    ]);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('quiet from 22:00 to 07:00 (Europe/Madrid)');
    expect(await stored('services', 'citas')).toEqual({ start: '22:00', end: '07:00' });
    const off = await pregon([
      'agency',
      'quiet-hours',
      '--agency',
      'valencia',
      '--service',
      'citas',
      '--off',
    ]);
    expect(off.code, off.stderr).toBe(0);
    expect(await stored('services', 'citas')).toEqual({ start: null, end: null });
  });

  it.each([
    [['--start', '9pm', '--end', '08:00'], /^--start: /],
    [['--start', '21:00'], /--start and --end/],
    [['--off', '--start', '21:00'], /--off/],
  ])('refuses %j as a usage error before touching the database', async (extra, message) => {
    const run = await pregon(['agency', 'quiet-hours', '--agency', 'valencia', ...extra, '--json'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(message) } });
  });

  it('refuses start == end and an unknown service, and keeps the stored window', async () => {
    await pregon(['agency', 'quiet-hours', '--agency', 'valencia', '--start', '21:00', '--end', '08:00']);
    const same = await pregon([
      'agency',
      'quiet-hours',
      '--agency',
      'valencia',
      '--start',
      '21:00',
      '--end',
      '21:00',
      '--json',
    ]);
    expect(same.code).not.toBe(0);
    expect(JSON.stringify(same.json())).toMatch(/differ/);
    const ghost = await pregon([
      'agency',
      'quiet-hours',
      '--agency',
      'valencia',
      '--service',
      'nada',
      '--off',
      '--json',
    ]);
    expect(ghost.code).toBe(1);
    expect(ghost.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('"nada"') },
    });
    expect(await stored('agencies', 'valencia')).toEqual({ start: '21:00', end: '08:00' });
  });
});
