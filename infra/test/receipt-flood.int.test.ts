import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { ESME_RTHROTTLED } from '@pregon/smpp';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';

// The gateway takes at most 5 receipts at a time per bind; the SMSC pushes up to 100 unanswered.
const DELIVER_WINDOW = 5;
const MESSAGES = 40;
// Receipts come well after the last submit, so the receipt store can be slowed down before they do.
const RECEIPT_DELAY_MS = 2_500;

let t: TestDatabase;
let stack: Stack;

beforeAll(async () => {
  t = await createTestDatabase('receipt_flood');
  stack = await startStack({
    databaseUrl: t.url,
    simulator: { receiptDelayMs: RECEIPT_DELAY_MS, deliverWindow: 100, throttleRetryMs: 50 },
    gateway: { deliverWindow: DELIVER_WINDOW },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a carrier flooding receipts while the receipt store is slow', () => {
  it('is answered ESME_RTHROTTLED beyond the deliver window, holds no more than it, and stores every receipt once', async () => {
    const agency = stack.demo.agencies[0];
    if (!agency) throw new Error('no demo agency');
    const ids = await Promise.all(
      Array.from({ length: MESSAGES }, async (_, i) => {
        const res = await fetch(`${stack.baseUrl}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agency.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ to: `+3460012${String(i).padStart(4, '0')}`, text: 'Mesa 12: abierta' }),
        });
        expect(res.status).toBe(202);
        return String(((await res.json()) as { id: unknown }).id);
      }),
    );
    await until(
      () => stack.simulator.submits.filter((s) => s.messageId !== '').length === MESSAGES,
      'every submit at the SMSC',
    );

    let mostHeld = 0;
    const sample = setInterval(() => {
      for (const l of stack.gateway.links.sessionStats())
        mostHeld = Math.max(mostHeld, l.stats.deliversUnanswered);
    }, 1);
    const throttledAtSmsc = new Set<string>();
    const off = stack.simulator.on('receipt', (e) => {
      if (e.status === ESME_RTHROTTLED) throttledAtSmsc.add(e.messageId);
    });
    // A slow store: no job can be written until this transaction ends, well after the receipts came.
    const locker = postgres(t.url, { max: 1, onnotice: () => {} });
    try {
      await locker.begin(async (tx) => {
        await tx`lock table pgboss.job in exclusive mode`;
        await until(() => throttledAtSmsc.size > 0, 'a throttled receipt', RECEIPT_DELAY_MS + 10_000);
        await new Promise((r) => setTimeout(r, 500));
        expect(stack.gateway.links.sessionStats().map((l) => l.stats.deliversUnanswered)).toEqual([
          DELIVER_WINDOW,
        ]);
      });
    } finally {
      await locker.end();
    }

    const jobs = async () =>
      t.sql<{ receipts: { carrierMessageId: string }[] }[]>`
        select data->'receipts' as receipts from pgboss.job where name = 'receipt.apply'`;
    const storedIds = async () => (await jobs()).flatMap((j) => j.receipts.map((r) => r.carrierMessageId));
    await until(async () => (await storedIds()).length >= MESSAGES, 'every receipt stored');
    const messages = () =>
      t.sql<{ status: string; carrier_message_id: string }[]>`
        select status, carrier_message_id from messages where id in ${t.sql(ids)}`;
    await until(async () => {
      const rows = await messages();
      return rows.length === MESSAGES && rows.every((r) => r.status === 'delivered');
    }, 'every message delivered');
    clearInterval(sample);
    off();

    // Each receipt stored exactly once, although many were sent several times.
    const stored = await storedIds();
    expect(stored.toSorted()).toEqual((await messages()).map((m) => m.carrier_message_id).toSorted());
    expect(mostHeld).toBeLessThanOrEqual(DELIVER_WINDOW);
    const [stats] = stack.gateway.links.sessionStats();
    expect(stats?.stats.deliverThrottled).toBeGreaterThanOrEqual(throttledAtSmsc.size);
    expect(stats?.stats.receipts).toBe(MESSAGES);
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/pregon_link_deliver_throttled_total\{[^}]*\} [1-9]\d*/);
  });
});
