import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { authenticateSmppClient, type ServiceContext } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';
import { refusingQueue } from '../src/service-context.ts';

let t: TestDatabase;
let ctx: ServiceContext;

beforeAll(async () => {
  t = await createTestDatabase('cli_smpp_client');
  ctx = { db: t.db, queue: refusingQueue };
  const code = await runCli(['agency', 'create', '--slug', 'hospital', '--name', 'Hospital'], {
    stdout: { write: () => {} },
    stderr: { write: () => {} },
    env: { DATABASE_URL: t.url },
  });
  expect(code).toBe(0);
});
afterAll(async () => {
  await t.drop();
});

async function pregon(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { DATABASE_URL: t.url },
  });
  return { code, stdout, stderr };
}

describe('smpp-client add', () => {
  it('creates credentials the listener accepts and prints { smppClient } with --json', async () => {
    const run = await pregon([
      'smpp-client',
      'add',
      '--agency',
      'hospital',
      '--system-id',
      'his01',
      '--password',
      'abc12345',
      '--max-binds',
      '2',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { smppClient: { id: string; systemId: string; agency: string } };
    expect(out).toEqual({ smppClient: { id: expect.any(String), systemId: 'his01', agency: 'hospital' } });
    const principal = await authenticateSmppClient({
      ctx,
      input: { systemId: 'his01', password: 'abc12345' },
    });
    expect(principal).toMatchObject({ clientId: out.smppClient.id, maxBinds: 2, tps: 0 });
    await expect(
      authenticateSmppClient({ ctx, input: { systemId: 'his01', password: 'abc1234x' } }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'wrong_password' } });
  });

  it('refuses a duplicate system_id with CONFLICT', async () => {
    const argv = [
      'smpp-client',
      'add',
      '--agency',
      'hospital',
      '--system-id',
      'his02',
      '--password',
      'pw',
      '--json',
    ];
    expect((await pregon(argv)).code).toBe(0);
    const again = await pregon(argv);
    expect(again.code).not.toBe(0);
    expect(again.stdout + again.stderr).toContain('CONFLICT');
  });

  it('refuses SMPP 3.4 over-long credentials naming the flag, before touching the database', async () => {
    const run = await pregon([
      'smpp-client',
      'add',
      '--agency',
      'hospital',
      '--system-id',
      'a-system-id-too-long',
      '--password',
      'waytoolongpw',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--system-id');
    expect(run.stderr).toContain('--password');
  });

  it('refuses an unknown agency with NOT_FOUND', async () => {
    const run = await pregon([
      'smpp-client',
      'add',
      '--agency',
      'nope',
      '--system-id',
      'x1',
      '--password',
      'p',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('nope');
  });
});
