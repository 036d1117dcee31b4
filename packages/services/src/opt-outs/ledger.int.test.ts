import { agencies, optOuts, services, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { eq } from 'drizzle-orm';
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

const verdict = (m: { serviceId: string | null; fromAddr: string; inReplyTo?: string; lane?: string }) =>
  withTenant(t.db, tenantId, async (tx) => {
    const ledger = await loadOptOutLedger(tx, tenantId, ['+34600000001']);
    return ledger({
      toPhone: '+34600000001',
      serviceId: m.serviceId,
      fromAddr: m.fromAddr,
      inReplyTo: m.inReplyTo ?? null,
      lane: m.lane ?? 'transactional',
    });
  });
const check = async (m: Parameters<typeof verdict>[0]) => (await verdict(m)) === 'blocked';

describe('opt-out ledger', () => {
  it('lets an emergency alert through only where a platform admin turned the override on', async () => {
    const alert = { serviceId: alertas, fromAddr: '21700', lane: 'emergency' };
    expect(await verdict(alert)).toBe('blocked');
    await t.db
      .update(services)
      .set({ emergencyOverridesOptOut: true, emergencyOverrideBasis: 'Ley 17/2015, art. 7' })
      .where(eq(services.id, alertas));
    try {
      expect(await verdict(alert)).toBe('overridden');
      // Not for the service's ordinary traffic, nor for another agency service (even with the flag).
      expect(await verdict({ ...alert, lane: 'transactional' })).toBe('blocked');
      await t.db.update(services).set({ emergencyOverridesOptOut: true }).where(eq(services.id, citas));
      await t.db
        .insert(optOuts)
        .values({ tenantId, phone: '+34600000001', serviceId: citas, number: 'SALUT', source: 'sms_stop' });
      expect(await verdict({ serviceId: citas, fromAddr: 'SALUT', lane: 'emergency' })).toBe('blocked');
    } finally {
      await t.db.delete(optOuts).where(eq(optOuts.serviceId, citas));
      await t.db.update(services).set({ emergencyOverridesOptOut: false, emergencyOverrideBasis: null });
    }
  });
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
