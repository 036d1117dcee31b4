import { randomBytes } from 'node:crypto';
import { messageEvents, messages, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { ReceiptItem } from '@pregon/domain';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { applyReceipts } from './apply.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let tenantId = '';
let carrierId = '';
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  t = await createTestDatabase('services_receipts');
  ctx = { db: t.db, queue: noJobQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  tenantId = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  carrierId = (
    await addCarrier({
      ctx,
      input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 's', password: 'pw' },
      actor: cli,
    })
  ).id;
});
afterAll(async () => {
  await t?.drop();
});

/** A submitted message whose parts got the given carrier ids. */
async function submitted(parts: number) {
  const ids = Array.from({ length: parts }, () => randomBytes(4).toString('hex'));
  const [row] = await withTenant(t.db, tenantId, (tx) =>
    tx
      .insert(messages)
      .values({
        tenantId,
        toPhone: '+34600000001',
        fromAddr: 'SALUD',
        body: 'x',
        status: 'submitted',
        segments: parts,
        carrierId,
        carrierMessageId: ids[0] ?? null,
        carrierMessageIds: ids,
      })
      .returning({ id: messages.id }),
  );
  if (!row) throw new Error('no message');
  return { id: row.id, parts: ids };
}

const receipt = (carrierMessageId: string | undefined, state: ReceiptItem['state']): ReceiptItem => ({
  carrierMessageId: carrierMessageId ?? 'missing',
  state,
  errorCode: state === 'delivered' ? '000' : '001',
  doneAt: null,
  receivedAt: new Date().toISOString(),
});

const apply = (...receipts: ReceiptItem[]) => applyReceipts({ ctx, input: { carrierId, receipts } });

async function stateOf(id: string) {
  const [m] = await t.db.select().from(messages).where(eq(messages.id, id));
  const history = await t.db
    .select({ status: messageEvents.status, reason: messageEvents.reason })
    .from(messageEvents)
    .where(eq(messageEvents.messageId, id))
    .orderBy(asc(messageEvents.id));
  return { status: m?.status, reason: m?.reason, partStates: m?.partStates, history };
}

describe('applyReceipts: multi-part messages', () => {
  it('is delivered only once every part is, whatever the order, counting duplicates once', async () => {
    const m = await submitted(3);
    const [p1, p2, p3] = m.parts;
    await apply(receipt(p3, 'delivered'));
    await apply(receipt(p1, 'enroute'), receipt(p1, 'delivered'), receipt(p1, 'delivered'));
    await apply(receipt(p3, 'delivered'));
    expect(await stateOf(m.id)).toMatchObject({ status: 'submitted', history: [] });
    expect((await stateOf(m.id)).partStates).toEqual({ [p1 ?? '']: 'delivered', [p3 ?? '']: 'delivered' });
    expect(await apply(receipt(p2, 'delivered'))).toEqual({ applied: 1, unmatched: [] });
    expect(await stateOf(m.id)).toMatchObject({ status: 'delivered', history: [{ status: 'delivered' }] });
    expect(await apply(receipt(p2, 'delivered'))).toEqual({ applied: 0, unmatched: [] });
    expect((await stateOf(m.id)).history).toHaveLength(1);
  });

  it('settles from one batch holding every part out of order', async () => {
    const m = await submitted(3);
    const [p1, p2, p3] = m.parts;
    await apply(
      receipt(p2, 'delivered'),
      receipt(p3, 'delivered'),
      receipt(p2, 'delivered'),
      receipt(p1, 'delivered'),
    );
    expect((await stateOf(m.id)).status).toBe('delivered');
  });

  it('fails at once when one part fails, with its reason, and stays failed', async () => {
    const m = await submitted(3);
    const [p1, p2, p3] = m.parts;
    await apply(receipt(p1, 'delivered'));
    await apply(receipt(p2, 'undeliverable'));
    expect(await stateOf(m.id)).toMatchObject({
      status: 'failed',
      reason: 'carrier_undeliverable',
      history: [{ status: 'failed', reason: 'carrier_undeliverable' }],
    });
    await apply(receipt(p3, 'delivered'), receipt(p2, 'delivered'));
    const after = await stateOf(m.id);
    expect(after).toMatchObject({ status: 'failed', history: [{ status: 'failed' }] });
    // A part keeps its first final state.
    expect(after.partStates?.[p2 ?? '']).toBe('undeliverable');
  });

  it('expires when a part expires', async () => {
    const m = await submitted(2);
    await apply(receipt(m.parts[1], 'expired'));
    expect(await stateOf(m.id)).toMatchObject({ status: 'expired', reason: 'carrier_expired' });
  });

  it('ignores intermediate states and still settles single-part messages on their receipt', async () => {
    const m = await submitted(1);
    await apply(receipt(m.parts[0], 'accepted'), receipt(m.parts[0], 'enroute'));
    expect(await stateOf(m.id)).toMatchObject({ status: 'submitted', partStates: null });
    await apply(receipt(m.parts[0], 'delivered'));
    // A one-part message settles straight from its receipt: no part states stored.
    expect(await stateOf(m.id)).toMatchObject({ status: 'delivered', partStates: null });
    // A later, contradicting receipt changes nothing.
    await apply(receipt(m.parts[0], 'undeliverable'));
    expect(await stateOf(m.id)).toMatchObject({ status: 'delivered', partStates: null });
  });

  it('returns receipts for parts not known yet, for a later try', async () => {
    const r = receipt('feedbeef', 'delivered');
    expect(await apply(r)).toEqual({ applied: 0, unmatched: [r] });
  });
});
