import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createSmppClient, noJobQueue } from '@pregon/services';
import { type DeliveryReceipt, EsmeSession } from '@pregon/smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';

let t: TestDatabase;
let stack: Stack;

beforeAll(async () => {
  t = await createTestDatabase('smpp_listener_e2e');
  stack = await startStack({ databaseUrl: t.url });
  await createSmppClient({
    ctx: { db: t.db, queue: noJobQueue },
    input: { agencySlug: 'salut-valencia', systemId: 'his-e2e', password: 'e2e-pw' },
    actor: { kind: 'cli' },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

describe('an agency system bound to our SMPP listener', () => {
  it('submits through the pipeline to the carrier and gets the delivery receipt back with our id', async () => {
    const session = new EsmeSession({
      host: '127.0.0.1',
      port: stack.gateway.smppListener.port,
      systemId: 'his-e2e',
      password: 'e2e-pw',
    });
    const receipts: DeliveryReceipt[] = [];
    session.on('receipt', (r) => {
      receipts.push(r);
    });
    session.start();
    try {
      const outcome = await session.submit({
        sourceAddr: 'SALUT',
        sourceTon: 5,
        sourceNpi: 0,
        destAddr: '34600000090',
        destTon: 1,
        destNpi: 1,
        dataCoding: 0,
        esmClass: 0,
        registeredDelivery: 1,
        shortMessage: Buffer.from('Su cita es el martes', 'latin1'),
      });
      if (outcome.kind !== 'accepted') throw new Error(`submit ${outcome.kind}`);
      const id = outcome.rawMessageId;
      const until = Date.now() + 20_000;
      while (receipts.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(receipts[0]).toMatchObject({ rawMessageId: id, state: 'delivered' });
      // It really went to the carrier, as the REST API's messages do.
      expect(stack.simulator.submits.some((s) => s.destination === '34600000090')).toBe(true);
      const rows = await t.db.execute<{ origin: string; status: string }>(
        `select origin, status from messages where id = '${id}'`,
      );
      expect(rows[0]).toEqual({ origin: 'smpp', status: 'delivered' });
    } finally {
      await session.stop();
    }
  });
});
