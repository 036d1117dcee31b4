import { randomBytes } from 'node:crypto';
import { carrierLinks, messageEvents, messages, optOuts, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addCarrier,
  addRoute,
  createCarrierSecrets,
  type JobQueue,
  prepareMessages,
  type ServiceContext,
  sendMessage,
} from '@pregon/services';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let tenantId = '';

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

beforeAll(async () => {
  t = await createTestDatabase('cli_emergency_override');
  // Jobs are not the point here: prepare is called directly, as the dispatcher would.
  const queue: JobQueue = { enqueue: async () => {}, enqueueRaw: async () => {} };
  ctx = { db: t.db, queue, secrets: createCarrierSecrets(randomBytes(32)) };
  for (const argv of [
    ['agency', 'create', '--slug', 'alzira', '--name', 'Alzira'],
    [
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
    ],
    [
      'service',
      'create',
      '--agency',
      'alzira',
      '--slug',
      'tributos',
      '--name',
      'Tributos',
      '--type',
      'custom',
    ],
    ['number', 'add', '--agency', 'alzira', '--number', '21700', '--service', 'alertas'],
  ]) {
    const run = await pregon(argv);
    expect(run.code, run.stderr).toBe(0);
  }
  const [agency] = await t.sql<{ id: string }[]>`select id from agencies where slug = 'alzira'`;
  tenantId = agency?.id ?? '';
  const carrier = await addCarrier({
    ctx,
    input: { name: 'primary', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
    actor: { kind: 'cli' },
  });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'primary' }, actor: { kind: 'cli' } });
  await t.db.insert(carrierLinks).values({ carrierId: carrier.id, ordinal: 0, state: 'bound' });
  // BAJA TODO texted to 21700: every service of the agency on that number.
  await t.db.insert(optOuts).values({ tenantId, phone: '+34600000001', number: '21700', source: 'sms_stop' });
});
afterAll(async () => {
  await t?.drop();
});

async function alert(lane: 'emergency' | 'transactional') {
  const sent = await sendMessage({
    ctx,
    input: {
      to: '+34600000001',
      text: 'Alerta: crecida del Júcar. Suba a plantas altas.',
      service: 'alertas',
      lane,
    },
    principal: { tenantId, apiKeyId: null },
  });
  await prepareMessages({ ctx, input: { tenantId, messageIds: [sent.body.id] } });
  return withTenant(t.db, tenantId, async (tx) => {
    const [row] = await tx.select().from(messages).where(eq(messages.id, sent.body.id));
    const events = await tx.select().from(messageEvents).where(eq(messageEvents.messageId, sent.body.id));
    return { status: row?.status, reason: row?.reason, events };
  });
}

describe('service emergency-override', () => {
  it('refuses without a legal basis, and for any service that is not city-alerts', async () => {
    const bare = await pregon([
      'service',
      'emergency-override',
      '--agency',
      'alzira',
      '--service',
      'alertas',
      '--on',
    ]);
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain('legal basis');
    const wrong = await pregon([
      'service',
      'emergency-override',
      '--agency',
      'alzira',
      '--service',
      'tributos',
      '--on',
      '--basis',
      'Ley General Tributaria, art. 99',
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('Only a city-alerts service');
  });

  it('lets emergency alerts reach an opted-out number once on, audited and recorded per message', async () => {
    expect(await alert('emergency')).toMatchObject({ status: 'rejected', reason: 'opted_out' });
    const on = await pregon([
      'service',
      'emergency-override',
      '--agency',
      'alzira',
      '--service',
      'alertas',
      '--on',
      '--basis',
      'Ley 17/2015 del Sistema Nacional de Protección Civil, art. 7',
    ]);
    expect(on.code, on.stderr).toBe(0);
    const audit = await t.sql<{ detail: { enabled: boolean; basis: string } }[]>`
      select detail from audit_events where action = 'service.emergency_override' and tenant_id = ${tenantId}`;
    expect(audit.map((a) => a.detail)).toEqual([
      { enabled: true, basis: 'Ley 17/2015 del Sistema Nacional de Protección Civil, art. 7' },
    ]);
    const through = await alert('emergency');
    expect(through.status).toBe('queued');
    expect(through.events.find((e) => e.status === 'queued')?.detail).toEqual({ optOutOverridden: true });
    // The same service's ordinary messages still respect the ledger.
    expect(await alert('transactional')).toMatchObject({ status: 'rejected', reason: 'opted_out' });
    const off = await pregon([
      'service',
      'emergency-override',
      '--agency',
      'alzira',
      '--service',
      'alertas',
      '--off',
    ]);
    expect(off.code, off.stderr).toBe(0);
    expect(await alert('emergency')).toMatchObject({ status: 'rejected', reason: 'opted_out' });
  });
});
