import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carriers, routes } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createCarrierSecrets } from '@pregon/services';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;
let home: string;
const key = randomBytes(32);
const SECRET_KEY = key.toString('base64');

beforeAll(async () => {
  t = await createTestDatabase('cli_carriers');
  home = mkdtempSync(join(tmpdir(), 'pregon-cli-home-'));
});
afterAll(async () => {
  await t?.drop();
  rmSync(home, { recursive: true, force: true });
});

async function pregon(argv: string[], env: Record<string, string> = { PREGON_SECRET_KEY: SECRET_KEY }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { DATABASE_URL: t.url, ...env },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;
const add = (name: string, ...extra: string[]) =>
  pregon([
    'carrier',
    'add',
    '--name',
    name,
    '--host',
    '127.0.0.1',
    '--port',
    '2775',
    '--system-id',
    'pregon',
    '--password',
    'hunter2',
    ...extra,
    '--json',
  ]);
const stored = async (name: string) => (await t.db.select().from(carriers).where(eq(carriers.name, name)))[0];
/** The password as the gateway would open it with the test key. */
const opened = async (name: string) => {
  const row = await stored(name);
  return row && { ...row, password: createCarrierSecrets(key).open(row.password) };
};

describe('carrier add', () => {
  it('stores every setting and the password encrypted with PREGON_SECRET_KEY', async () => {
    const name = unique('vodafone');
    const run = await add(
      name,
      '--system-type',
      'VMA',
      '--price',
      '0.015',
      '--dest-ton',
      '0',
      '--dest-npi',
      '9',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('hunter2');
    expect(run.json().carrier).toMatchObject({
      name,
      systemType: 'VMA',
      pricePerSegment: '0.01500',
      destTon: 0,
      destNpi: 9,
    });
    expect((await stored(name))?.password).toMatch(/^enc:v1:/);
    expect((await opened(name))?.password).toBe('hunter2');
  });

  it('without PREGON_SECRET_KEY creates PREGON_HOME/secret.key and keeps using it', async () => {
    const name = unique('devkey');
    expect((await add(name)).code).toBe(0);
    // PREGON_SECRET_KEY wins when set, so this run used the test key, not a file.
    expect(existsSync(join(home, 'secret.key'))).toBe(false);
    const other = unique('devkey');
    const run = await pregon(
      [
        'carrier',
        'add',
        '--name',
        other,
        '--host',
        'h',
        '--port',
        '1',
        '--system-id',
        's',
        '--password',
        'devpw',
        '--json',
      ],
      { PREGON_HOME: home },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(home, 'secret.key'))).toBe(true);
    const update = await pregon(['carrier', 'update', '--name', other, '--tps', '5', '--json'], {
      PREGON_HOME: home,
    });
    expect(update.code, update.stderr).toBe(0);
  });

  it('refuses a malformed PREGON_SECRET_KEY by name', async () => {
    const run = await pregon(['carrier', 'list', '--json'], { PREGON_SECRET_KEY: 'c2hvcnQ=' });
    expect(run.code).not.toBe(0);
    expect(JSON.stringify(run.json())).toContain('PREGON_SECRET_KEY');
  });

  it('names a bad TON', async () => {
    const run = await add(unique('c'), '--dest-ton', '7');
    expect(run.code).toBe(2);
    expect(JSON.stringify(run.json())).toContain('--dest-ton');
  });
});

describe('carrier update, enable, disable', () => {
  it('changes only the named settings, and a new password', async () => {
    const name = unique('orange');
    await add(name, '--window', '20', '--tls');
    const run = await pregon([
      'carrier',
      'update',
      '--name',
      name,
      '--tps',
      '80',
      '--no-tls',
      '--password',
      'n3w',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('n3w');
    expect(await stored(name)).toMatchObject({ tps: 80, tls: false, window: 20 });
    expect((await opened(name))?.password).toBe('n3w');
    const none = await pregon(['carrier', 'update', '--name', unique('nope'), '--tps', '1', '--json']);
    expect(none.code).toBe(1);
    expect(none.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('disables and enables a carrier', async () => {
    const name = unique('simyo');
    await add(name);
    const off = await pregon(['carrier', 'disable', '--name', name, '--json']);
    expect(off.json()).toEqual({ carrier: { name, enabled: false } });
    expect((await stored(name))?.enabled).toBe(false);
    expect((await pregon(['carrier', 'list'])).stdout).toContain(`${name} (disabled)`);
    await pregon(['carrier', 'enable', '--name', name, '--json']);
    expect((await stored(name))?.enabled).toBe(true);
  });
});

describe('route add --agency', () => {
  it("adds an agency's own route beside the platform's", async () => {
    const name = unique('route');
    await add(name);
    const slug = unique('salud');
    expect((await pregon(['agency', 'create', '--slug', slug, '--name', 'Salud'])).code).toBe(0);
    const own = await pregon([
      'route',
      'add',
      '--prefix',
      '+34',
      '--carrier',
      name,
      '--agency',
      slug,
      '--json',
    ]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.json()).toMatchObject({ route: { prefix: '+34', carrier: name, agency: slug } });
    await pregon(['route', 'add', '--prefix', '+34', '--carrier', name, '--json']);
    const carrier = await stored(name);
    const rows = await t.db
      .select()
      .from(routes)
      .where(eq(routes.carrierId, carrier?.id ?? ''));
    expect(rows.map((r) => r.agencyId === null).sort()).toEqual([false, true]);
    const unknown = await pregon([
      'route',
      'add',
      '--prefix',
      '+34',
      '--carrier',
      name,
      '--agency',
      unique('x'),
      '--json',
    ]);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
