import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { authenticateApiKey, login, type ServiceContext } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';
import { refusingQueue } from '../src/service-context.ts';

let t: TestDatabase;
let ctx: ServiceContext;
// A key of the test's own: carrier passwords never touch the repository's .pregon/secret.key.
const SECRET_KEY = randomBytes(32).toString('base64');

beforeAll(async () => {
  t = await createTestDatabase('cli');
  ctx = { db: t.db, queue: refusingQueue };
});
afterAll(async () => {
  await t.drop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the single JSON object it must be (JSON.parse rejects two objects or stray lines). */
  json(): Record<string, unknown>;
}

async function pregon(
  argv: string[],
  env: Record<string, string | undefined> = { DATABASE_URL: t.url, PREGON_SECRET_KEY: SECRET_KEY },
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
  });
  return {
    code,
    stdout,
    stderr,
    json() {
      const value: unknown = JSON.parse(stdout);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error(`not an object: ${stdout}`);
      return value as Record<string, unknown>;
    },
  };
}

/** A slug nobody else in this file uses. */
const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;

async function newAgency(): Promise<string> {
  const slug = unique('agency');
  const run = await pregon(['agency', 'create', '--slug', slug, '--name', `Agency ${slug}`]);
  expect(run.code, run.stderr).toBe(0);
  return slug;
}

describe('agency create', () => {
  it('creates an agency and prints { agency } with --json', async () => {
    const slug = unique('valencia');
    const run = await pregon([
      'agency',
      'create',
      '--slug',
      slug,
      '--name',
      'Ajuntament de València',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({
      agency: { id: expect.any(String), slug, name: 'Ajuntament de València', kind: 'agency' },
    });
  });

  it('refuses a duplicate slug with CONFLICT, a non-zero exit code and a JSON error', async () => {
    const slug = await newAgency();
    const run = await pregon(['agency', 'create', '--slug', slug, '--name', 'Again', '--json']);
    expect(run.code).not.toBe(0);
    expect(run.json()).toEqual({ error: { code: 'CONFLICT', message: expect.stringContaining(slug) } });
  });

  it('prints readable text without --json, and the error on stderr', async () => {
    const slug = unique('text');
    const ok = await pregon(['agency', 'create', '--slug', slug, '--name', 'Texty']);
    expect(ok.stdout).toContain(`slug ${slug}`);
    const dup = await pregon(['agency', 'create', '--slug', slug, '--name', 'Texty']);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toContain(`An agency with slug "${slug}" already exists`);
  });

  it('names the flag when the slug is malformed, before touching the database', async () => {
    const run = await pregon(['agency', 'create', '--slug', 'Bad Slug!', '--name', 'x', '--json'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^--slug: /) },
    });
  });
});

describe('agency list', () => {
  it('lists agencies with their counts as { agencies }', async () => {
    const slug = await newAgency();
    await pregon(['apikey', 'create', '--agency', slug]);
    const run = await pregon(['agency', 'list', '--json']);
    expect(run.code, run.stdout).toBe(0);
    const { agencies } = run.json() as { agencies: Array<Record<string, unknown>> };
    expect(agencies.find((a) => a.slug === slug)).toMatchObject({
      slug,
      kind: 'agency',
      activeApiKeys: 1,
      members: 0,
    });
  });
});

describe('user create', () => {
  it('prints the generated password once, and that password logs in', async () => {
    const agency = await newAgency();
    const email = `${unique('ana')}@example.es`;
    const run = await pregon([
      'user',
      'create',
      '--agency',
      agency,
      '--email',
      email,
      '--role',
      'agency_admin',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { user } = run.json() as {
      user: { id: string; email: string; role: string; agency: string; password: string };
    };
    expect(user).toMatchObject({ email, role: 'agency_admin', agency });
    expect(user.password).toMatch(/^\S{16}$/);
    const session = await login({ ctx, input: { email, password: user.password } });
    expect(session.user.email).toBe(email);
  });

  it('does not print a password that was given', async () => {
    const agency = await newAgency();
    const email = `${unique('luis')}@example.es`;
    const run = await pregon([
      'user',
      'create',
      '--agency',
      agency,
      '--email',
      email,
      '--role',
      'viewer',
      '--password',
      'correct horse battery',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ user: { id: expect.any(String), email, role: 'viewer', agency } });
  });

  it('names each bad flag', async () => {
    const run = await pregon([
      'user',
      'create',
      '--agency',
      'x',
      '--email',
      'nope',
      '--role',
      'boss',
      '--json',
    ]);
    expect(run.code).toBe(2);
    const { error } = run.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('--email: ');
    expect(error.message).toContain('--role: must be one of platform_admin, agency_admin');
  });

  it('reports an unknown agency as NOT_FOUND', async () => {
    const run = await pregon([
      'user',
      'create',
      '--agency',
      unique('ghost'),
      '--email',
      'a@b.es',
      '--role',
      'viewer',
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect((run.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('carrier add, route add, carrier list', () => {
  const carrierFlags = (name: string) => [
    '--name',
    name,
    '--host',
    '127.0.0.1',
    '--system-id',
    'pregon',
    '--password',
    'secret',
  ];

  it('names the flag with a bad value: --port: must be a number between 1 and 65535', async () => {
    const run = await pregon(['carrier', 'add', ...carrierFlags(unique('c')), '--port', '70000', '--json']);
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: '--port: must be a number between 1 and 65535' },
    });
    const text = await pregon(['carrier', 'add', ...carrierFlags(unique('c')), '--port', 'abc']);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('--port: must be a number between 1 and 65535');
  });

  it('names enum flags with their choices, and missing required flags', async () => {
    const bind = await pregon([
      'carrier',
      'add',
      ...carrierFlags(unique('c')),
      '--port',
      '2775',
      '--bind',
      'both',
    ]);
    expect(bind.stderr).toContain('--bind: must be one of trx, tx+rx');
    const missing = await pregon(['carrier', 'add', '--name', 'x', '--json']);
    expect(missing.code).toBe(2);
    expect((missing.json() as { error: { message: string } }).error.message).toBe(
      'missing required flags --host, --port, --system-id, --password',
    );
    const noValue = await pregon(['carrier', 'add', ...carrierFlags(unique('c')), '--port', '--tls']);
    expect(noValue.stderr).toContain('--port: needs a value');
  });

  it('lists carriers as { carriers } with routes and without passwords', async () => {
    const name = unique('movistar');
    const added = await pregon([
      'carrier',
      'add',
      ...carrierFlags(name),
      '--port',
      '2775',
      '--binds',
      '2',
      '--tps',
      '50',
      '--encoding',
      'gsm7+spanish-shift',
      '--tls',
      '--json',
    ]);
    expect(added.code, added.stdout).toBe(0);
    expect(added.stdout).not.toContain('secret');
    const route = await pregon([
      'route',
      'add',
      '--prefix',
      '+34',
      '--carrier',
      name,
      '--priority',
      '2',
      '--json',
    ]);
    expect(route.json()).toEqual({
      route: { id: expect.any(String), prefix: '+34', carrier: name, priority: 2, agency: null },
    });

    const list = await pregon(['carrier', 'list', '--json']);
    expect(list.code).toBe(0);
    const { carriers } = list.json() as { carriers: Array<Record<string, unknown>> };
    expect(carriers.find((c) => c.name === name)).toEqual({
      id: expect.any(String),
      name,
      host: '127.0.0.1',
      port: 2775,
      tls: true,
      systemId: 'pregon',
      systemType: '',
      bindMode: 'trx',
      binds: 2,
      window: 10,
      tps: 50,
      idNotation: 'auto',
      encoding: 'gsm7+spanish-shift',
      pricePerSegment: 0,
      destTon: 1,
      destNpi: 1,
      enabled: true,
      routes: [{ prefix: '+34', priority: 2, agencyId: null }],
      links: [],
    });
    expect(list.stdout).not.toMatch(/password|secret/i);
  });

  it('refuses a route to a carrier that does not exist', async () => {
    const run = await pregon(['route', 'add', '--prefix', '+33', '--carrier', unique('nope'), '--json']);
    expect(run.code).toBe(1);
    expect((run.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('apikey', () => {
  it('create --json gives { key }, the key authenticates, and revoke <prefix> stops it', async () => {
    const agency = await newAgency();
    const created = await pregon(['apikey', 'create', '--agency', agency, '--json', '--name', 'portal']);
    expect(created.code, created.stderr).toBe(0);
    const { key, prefix, mode } = created.json() as { key: string; prefix: string; mode: string };
    expect(key).toMatch(/^prg_live_\S{32}$/);
    expect(prefix).toBe(key.slice(0, 16));
    expect(mode).toBe('live');
    await expect(
      authenticateApiKey({ ctx, input: { authorization: `Bearer ${key}` } }),
    ).resolves.toMatchObject({ mode: 'live' });

    const revoked = await pregon(['apikey', 'revoke', prefix, '--json']);
    expect(revoked.code).toBe(0);
    expect(revoked.json()).toEqual({ revoked: { prefix, tenantId: expect.any(String) } });
    await expect(
      authenticateApiKey({ ctx, input: { authorization: `Bearer ${key}` } }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });

    const again = await pregon(['apikey', 'revoke', prefix, '--json']);
    expect(again.code).toBe(1);
    expect((again.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('mints test keys with --test', async () => {
    const agency = await newAgency();
    const run = await pregon(['apikey', 'create', '--test', '--agency', agency, '--json']);
    expect(run.json()).toMatchObject({ key: expect.stringMatching(/^prg_test_/), mode: 'test' });
  });

  it('needs the prefix argument and takes only one', async () => {
    expect((await pregon(['apikey', 'revoke'])).stderr).toContain('missing argument <prefix>');
    expect((await pregon(['apikey', 'revoke', 'a', 'b'])).stderr).toContain('unexpected argument "b"');
  });
});

describe('command line', () => {
  it('rejects an unknown command with exit code 2 and a suggestion', async () => {
    const run = await pregon(['agnecy', 'list', '--json']);
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'unknown command "agnecy" (did you mean "agency"?)' },
    });
    const sub = await pregon(['agency', 'delete']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('`pregon agency` has: create, list');
  });

  it('rejects an unknown flag, naming it', async () => {
    const run = await pregon(['agency', 'create', '--slug', 'x', '--name', 'y', '--colour', 'red', '--json']);
    expect(run.code).toBe(2);
    expect((run.json() as { error: { message: string } }).error.message).toMatch(
      /^unknown flag --colour for `pregon agency create`/,
    );
    const typo = await pregon(['carrier', 'add', '--hots', 'x']);
    expect(typo.stderr).toContain('unknown flag --hots for `pregon carrier add` (did you mean --host?)');
    const repeated = await pregon(['agency', 'create', '--slug', 'a', '--slug', 'b', '--name', 'c']);
    expect(repeated.stderr).toContain('--slug: given more than once');
    const valued = await pregon(['apikey', 'create', '--agency', 'x', '--test=yes']);
    expect(valued.stderr).toContain('--test: takes no value');
  });

  it('accepts --json anywhere on the line', async () => {
    for (const argv of [
      ['--json', 'agency', 'create', '--slug', unique('a'), '--name', 'First'],
      ['agency', '--json', 'create', '--slug', unique('b'), '--name', 'Middle'],
      ['agency', 'create', '--slug', unique('c'), '--json', '--name', 'Between flags'],
    ]) {
      const run = await pregon(argv);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toHaveProperty('agency.slug');
    }
  });

  it('prints help for the tool and for each command, exit code 0', async () => {
    const tool = await pregon(['--help']);
    expect(tool.code).toBe(0);
    for (const command of ['migrate', 'seed demo', 'agency create', 'carrier add', 'apikey revoke']) {
      expect(tool.stdout).toContain(command);
    }
    const carrier = await pregon(['carrier', 'add', '-h']);
    expect(carrier.stdout).toContain('--id-notation <hex|dec|auto>');
    const viaHelpWord = await pregon(['help', 'carrier', 'add']);
    expect(viaHelpWord.stdout).toBe(carrier.stdout);
    const json = await pregon(['apikey', 'create', '--help', '--json']);
    expect(json.json()).toEqual({ help: expect.stringContaining('--agency <slug>') });
  });

  it('names a malformed DATABASE_URL', async () => {
    const run = await pregon(['carrier', 'list', '--json'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(run.code).toBe(1);
    expect((run.json() as { error: { message: string } }).error.message).toContain('DATABASE_URL');
  });

  it('reports an unreachable database as UNAVAILABLE', async () => {
    const run = await pregon(['carrier', 'list', '--json'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.code).toBe(1);
    expect((run.json() as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
  });
});

describe('stdout discipline with --json', () => {
  it('prints exactly one JSON object even when the command logs progress', async () => {
    const run = await pregon(['seed', 'demo', '--smsc-port', '2799', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('seeding demo data');
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    const seed = run.json() as {
      platformAdmin: { email: string };
      agencies: Array<{ slug: string; apiKey: string }>;
      carrier: string;
    };
    expect(seed.platformAdmin.email).toMatch(/@/);
    expect(seed.agencies).toHaveLength(4);
    expect(seed.carrier).toBe('simulator');
  });

  it('re-seeding without --smsc-port keeps the demo carrier where it points', async () => {
    await pregon(['seed', 'demo', '--smsc-host', '127.0.0.9', '--smsc-port', '2801']);
    const again = await pregon(['seed', 'demo', '--json']);
    expect(again.json()).toHaveProperty('smsc', { host: '127.0.0.9', port: 2801 });
    const list = await pregon(['carrier', 'list', '--json']);
    const { carriers } = list.json() as { carriers: Array<{ name: string; host: string; port: number }> };
    expect(carriers.find((c) => c.name === 'simulator')).toMatchObject({ host: '127.0.0.9', port: 2801 });
  });

  it('reports migrate as one object too', async () => {
    const run = await pregon(['migrate', '--json']);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({
      migrations: { applied: 0, total: expect.any(Number) },
      database: 'DATABASE_URL',
    });
  });
});
