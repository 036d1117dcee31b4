import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobQueue, ServiceContext } from '@pregon/services';
import type { InboundMessage } from '@pregon/smpp';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MoIntake } from '../src/inbound/mo-intake.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let carrierId: string;
const intakes: MoIntake[] = [];

beforeAll(async () => {
  t = await createTestDatabase('gateway_mo_intake');
  // Stored MO carry their keyword-engine job; nothing runs it here.
  const queue: JobQueue = {
    enqueue: async (_tx, name) => {
      if (name !== 'inbound.process') throw new Error(`MO intake enqueued ${name}`);
    },
    enqueueRaw: () => Promise.reject(new Error('MO intake enqueues no raw jobs')),
  };
  ctx = { db: t.db, queue };
  const [row] = await t.sql<{ id: string }[]>`
    insert into carriers (name, host, port, system_id, password) values ('c', 'h', 1, 's', 'p') returning id`;
  if (!row) throw new Error('no carrier');
  carrierId = row.id;
});
afterEach(async () => {
  await outage(false);
  for (const i of intakes.splice(0)) await i.stop();
});
afterAll(async () => {
  await t?.drop();
});

/** A real failure of the store: the application role loses the right to call the insert function. */
async function outage(on: boolean): Promise<void> {
  if (on) await t.sql`revoke execute on function pregon_record_inbound(jsonb) from pregon_app`;
  else await t.sql`grant execute on function pregon_record_inbound(jsonb) to pregon_app`;
}

function intake(): MoIntake {
  const i = new MoIntake({ ctx, logger: pino({ level: 'silent' }), reassemblyTimeoutMs: 60_000 });
  intakes.push(i);
  return i;
}

// 3GPP TS 23.040 §9.2.3.24.1: UDH with IE 0x00 (8-bit ref); SMPP 3.4 §5.2.12 esm_class 0x40 says it is there.
function part(source: string, ref: number, total: number, seq: number, text: string): InboundMessage {
  const udh = total > 1 ? Uint8Array.of(5, 0, 3, ref, total, seq) : new Uint8Array();
  return {
    source,
    sourceTon: 1,
    sourceNpi: 1,
    destination: '215',
    destTon: 0,
    destNpi: 1,
    dataCoding: 0,
    esmClass: total > 1 ? 0x40 : 0,
    protocolId: 0,
    shortMessage: Buffer.concat([udh, Buffer.from(text, 'latin1')]),
    tlvs: {},
    rawTlvs: [],
  };
}

const textsFrom = async (source: string) =>
  (await t.sql<{ text: string }[]>`select text from inbound_messages where source = ${source}`).map(
    (r) => r.text,
  );

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 8_000;
  let v = await probe();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    v = await probe();
  }
  return v;
}

describe('MoIntake when the store fails', () => {
  it('rejects a single MO (so the carrier sends it again) and keeps no copy of its own', async () => {
    const mo = intake();
    await outage(true);
    await expect(mo.accept(carrierId, part('34600000001', 0, 1, 1, 'BAJA'))).rejects.toThrow();
    await outage(false);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await textsFrom('+34600000001')).toEqual([]);
    await mo.accept(carrierId, part('34600000001', 0, 1, 1, 'BAJA')); // the carrier's redelivery
    expect(await textsFrom('+34600000001')).toEqual(['BAJA']);
  });

  it('keeps a concatenated message whose last part was refused, and stores it once', async () => {
    const mo = intake();
    await mo.accept(carrierId, part('34600000002', 9, 2, 2, 'CENTRO'));
    await outage(true);
    await expect(mo.accept(carrierId, part('34600000002', 9, 2, 1, 'ALTA '))).rejects.toThrow();
    await outage(false);
    // The carrier redelivers the last part: the reassembler knows it; the message is stored in the background.
    await mo.accept(carrierId, part('34600000002', 9, 2, 1, 'ALTA '));
    await eventually(
      () => textsFrom('+34600000002'),
      (v) => v.length > 0,
    );
    await mo.stop();
    expect(await textsFrom('+34600000002')).toEqual(['ALTA CENTRO']);
  });
});
