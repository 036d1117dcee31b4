import { agencies, optOuts, services, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOptOutLedger } from './ledger.ts';

let t: TestDatabase;
let tenantId = '';
let alertas = '';
let citas = '';

beforeAll(async () => {
  t = await createTestDatabase('ledger');
  const [a] = await t.db
    .insert(agencies)
    .values({ slug: 'alzira', name: 'Alzira' })
    .returning({ id: agencies.id });
  tenantId = a?.id ?? '';
  const rows = await t.db
    .insert(services)
    .values([
      { tenantId, slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
      { tenantId, slug: 'citas', name: 'Citas', type: 'health' },
    ])
    .returning({ id: services.id });
  alertas = rows[0]?.id ?? '';
  citas = rows[1]?.id ?? '';
  // BAJA texted to 21700 while subscribed to alertas: a service opt-out that remembers the number.
  await t.db
    .insert(optOuts)
    .values({ tenantId, phone: '+34600000001', serviceId: alertas, number: '21700', source: 'sms_stop' });
});

afterAll(async () => {
  await t?.drop();
});

const check = (m: { serviceId: string | null; fromAddr: string; inReplyTo?: string }) =>
  withTenant(t.db, tenantId, async (tx) => {
    const forbids = await loadOptOutLedger(tx, tenantId, ['+34600000001']);
    return forbids({
      toPhone: '+34600000001',
      serviceId: m.serviceId,
      fromAddr: m.fromAddr,
      inReplyTo: m.inReplyTo ?? null,
    });
  });

describe('opt-out ledger', () => {
  it('blocks the service that was left', async () => {
    expect(await check({ serviceId: alertas, fromAddr: '21700' })).toBe(true);
  });
  it('blocks a message with no service sent from the number the STOP went to (an SMPP client, say)', async () => {
    expect(await check({ serviceId: null, fromAddr: '21700' })).toBe(true);
  });
  it('lets another service of the agency through, and a service-less message from another sender', async () => {
    expect(await check({ serviceId: citas, fromAddr: 'SALUT' })).toBe(false);
    expect(await check({ serviceId: null, fromAddr: 'AYTO' })).toBe(false);
  });
  it('never blocks the reply to what the citizen just sent', async () => {
    expect(
      await check({
        serviceId: alertas,
        fromAddr: '21700',
        inReplyTo: '00000000-0000-4000-8000-000000000001',
      }),
    ).toBe(false);
  });
});
