import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('cli_quota');
  expect((await pregon(['agency', 'create', '--slug', 'valencia', '--name', 'València'])).code).toBe(0);
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
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as { quota: { quotas: unknown[] } } };
}

const levels = async () =>
  (
    await t.sql`select daily_messages_warn, daily_messages_block, monthly_spend_block from agency_quotas q
      join agencies a on a.id = q.tenant_id where a.slug = 'valencia'`
  )[0];

describe('agency quota', () => {
  it('sets levels, prints usage with --json, and removes a level with off', async () => {
    const run = await pregon([
      'agency',
      'quota',
      '--agency',
      'valencia',
      '--daily-warn',
      '800',
      '--daily-block',
      '1000',
      '--spend-block',
      '250.5',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().quota.quotas).toEqual([
      expect.objectContaining({ quota: 'daily_messages', used: 0, warn: 800, block: 1000, warned: false }),
      expect.objectContaining({ quota: 'monthly_messages', used: 0, warn: null, block: null }),
      expect.objectContaining({ quota: 'monthly_spend', used: '0.00000', block: '250.50000' }),
    ]);
    expect(await levels()).toEqual({
      daily_messages_warn: 800,
      daily_messages_block: 1000,
      monthly_spend_block: '250.50000',
    });
    const off = await pregon(['agency', 'quota', '--agency', 'valencia', '--daily-block', 'off']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/daily_messages\s+0 used since \d{4}-\d\d-\d\d\s+warn 800/);
    expect(await levels()).toMatchObject({ daily_messages_warn: 800, daily_messages_block: null });
  });

  it('refuses a malformed count, and a warn level above the block level, changing nothing', async () => {
    const bad = await pregon(['agency', 'quota', '--agency', 'valencia', '--daily-warn', 'many']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--daily-warn: a whole number of messages, or off/);
    await pregon(['agency', 'quota', '--agency', 'valencia', '--monthly-block', '10']);
    const above = await pregon(['agency', 'quota', '--agency', 'valencia', '--monthly-warn', '20']);
    expect(above.code).not.toBe(0);
    expect(above.stderr).toMatch(/warn level \(20\) is above the block level \(10\)/);
    expect(await levels()).toMatchObject({ daily_messages_warn: 800 });
  });
});
