import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('cli_retention');
  expect((await pregon(['agency', 'create', '--slug', 'valencia', '--name', 'València'])).code).toBe(0);
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

describe('agency retention', () => {
  it('sets the days and refuses values outside 3-90 naming the flag', async () => {
    const ok = await pregon(['agency', 'retention', '--agency', 'valencia', '--days', '30', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json()).toEqual({ retention: { agencySlug: 'valencia', days: 30, previousDays: 7 } });
    const bad = await pregon(['agency', 'retention', '--agency', 'valencia', '--days', '91', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('--days');
    const [row] = await t.sql<
      { days: number }[]
    >`select retention_days as days from agencies where slug = 'valencia'`;
    expect(row?.days).toBe(30);
  });
});

describe('retention run and dead letters', () => {
  it('runs the purge and reports per agency', async () => {
    const run = await pregon(['retention', 'run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      retention: {
        agencies: [expect.objectContaining({ slug: 'valencia', days: 30, messages: 0 })],
        sessions: 0,
      },
    });
  });

  it('lists none before pg-boss ever ran, and a bad job id is a clear error', async () => {
    expect((await pregon(['deadletters', 'list', '--json'])).json()).toEqual({ deadLetters: [] });
    const retry = await pregon(['deadletters', 'retry', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(retry.code).toBe(1);
    expect(retry.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
