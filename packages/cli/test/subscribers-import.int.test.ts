import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;
let dir = '';

beforeAll(async () => {
  t = await createTestDatabase('cli_subscribers_import');
  dir = await mkdtemp(join(tmpdir(), 'pregon-subscribers-'));
  expect((await pregon(['agency', 'create', '--slug', 'alzira', '--name', 'Alzira'])).code).toBe(0);
  const s = await pregon([
    'service',
    'create',
    '--agency',
    'alzira',
    '--slug',
    'alertas',
    '--name',
    'Alertas',
    '--type',
    'city-alerts',
  ]);
  expect(s.code, s.stderr).toBe(0);
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

const count = async () => (await t.sql<{ n: number }[]>`select count(*)::int as n from subscribers`)[0]?.n;

describe('subscribers import / export', () => {
  it('fails a file with a bad row, naming row and field, and writes nothing', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'phone;language\n+34600000001;es\n+34600000002;de\n');
    const run = await pregon(['subscribers', 'import', '--service', 'alertas', '--file', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('row 3, language: "de" is not one of es, ca, en');
    expect(await count()).toBe(0);
  });

  it('dry-runs, imports, and exports to a file that reads back the same', async () => {
    const file = join(dir, 'good.csv');
    await writeFile(file, '\uFEFFphone;language;district\n600 000 011;ca;Centre\n+34600000012;en;\n');
    const args = ['subscribers', 'import', '--service', 'alertas', '--file', file, '--default-country', 'ES'];
    const dry = await pregon([...args, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json()).toMatchObject({ import: { mode: 'validate', rows: 2, valid: 2, imported: 0 } });
    expect(await count()).toBe(0);
    const done = await pregon([...args, '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ import: { imported: 2 } });
    const out = join(dir, 'out.csv');
    const exported = await pregon(['subscribers', 'export', '--service', 'alertas', '--file', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(
      'phone,language,district\r\n+34600000011,ca,Centre\r\n+34600000012,en,\r\n',
    );
  });
});
