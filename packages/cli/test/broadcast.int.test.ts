import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;

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

beforeAll(async () => {
  t = await createTestDatabase('cli_broadcast');
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
  const [svc] = await t.sql<
    { id: string; tenant_id: string }[]
  >`select id, tenant_id from services where slug = 'alertas'`;
  await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${svc?.tenant_id ?? ''}, 'alphanumeric', 'ALZIRA', true)`;
  await t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${svc?.tenant_id ?? ''}, ${svc?.id ?? ''}, '+3463' || lpad(i::text, 7, '0'), 'active', 'es',
      jsonb_build_object('district', (i % 4)::text)
    from generate_series(1, 12) as i`;
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

describe('pregon broadcast', { timeout: 60_000 }, () => {
  it('sends a broadcast (its fan-out job queued), and shows, pauses, resumes and cancels it', async () => {
    const sent = await pregon([
      'broadcast',
      'send',
      '--service',
      'alertas',
      '--name',
      'Corte de agua',
      '--where',
      'district=1,2',
      '--text',
      'Corte de agua en el distrito {{district}}',
      '--json',
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    const { broadcast } = sent.json() as { broadcast: { id: string; status: string } };
    expect(broadcast.status).toBe('running');
    const [job] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from pgboss.job where name = 'broadcast.fanout' and data->>'broadcastId' = ${broadcast.id}`;
    expect(job?.n).toBe(1);

    const status = await pregon(['broadcast', 'status', broadcast.id, '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({
      broadcast: { id: broadcast.id, target: { kind: 'query', where: { district: ['1', '2'] } } },
    });
    const text = await pregon(['broadcast', 'status', broadcast.id]);
    expect(text.stdout).toContain('status running, lane bulk, service alertas');

    expect((await pregon(['broadcast', 'pause', broadcast.id, '--json'])).json()).toMatchObject({
      broadcast: { status: 'paused' },
    });
    expect((await pregon(['broadcast', 'resume', broadcast.id, '--json'])).json()).toMatchObject({
      broadcast: { status: 'running' },
    });
    expect((await pregon(['broadcast', 'cancel', broadcast.id, '--json'])).json()).toMatchObject({
      broadcast: { status: 'cancelled' },
    });
    const [audit] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from audit_events where action like 'broadcast.%' and target = ${broadcast.id}`;
    expect(audit?.n).toBe(5);
  });

  it('explains what is missing or wrong', async () => {
    const noText = await pregon(['broadcast', 'send', '--service', 'alertas', '--name', 'x']);
    expect(noText.code).not.toBe(0);
    expect(noText.stderr).toContain('--text');
    const badWhere = await pregon([
      'broadcast',
      'send',
      '--service',
      'alertas',
      '--name',
      'x',
      '--text',
      'y',
      '--where',
      'district',
    ]);
    expect(badWhere.stderr).toContain('--where: "district" must be attribute=V1[,V2...]');
    const unknown = await pregon(['broadcast', 'status', '0b6c2a4e-5f7d-4a51-9a8e-3c2d1e0f9a87']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No broadcast');
  });
});
