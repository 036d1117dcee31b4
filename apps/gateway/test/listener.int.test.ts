import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  createSmppClient,
  type PgBossJobQueue,
  pgBossQueue,
  type ServiceContext,
  seedDemo,
  startBoss,
} from '@pregon/services';
import { type DeliveryReceipt, EsmeSession, encodePdu, TLV_MESSAGE_PAYLOAD } from '@pregon/smpp';
import { encodeUcs2 } from '@pregon/sms';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MoIntake } from '../src/inbound/mo-intake.ts';
import { type SmppListener, startSmppListener } from '../src/listener/smpp-listener.ts';
import { RawEsme, submitFields } from './smpp-test-client.ts';

let t: TestDatabase;
let boss: PgBoss;
let queue: PgBossJobQueue;
let ctx: ServiceContext;
let listener: SmppListener;
const opened: RawEsme[] = [];

const SYSTEM_ID = 'hospital1';
const PASSWORD = 'pw123456';

beforeAll(async () => {
  t = await createTestDatabase('smpp_listener');
  boss = await startBoss({ connectionString: t.url, max: 2 });
  queue = pgBossQueue(boss);
  await queue.refresh();
  ctx = { db: t.db, queue };
  await seedDemo({ ctx, input: { smscHost: '127.0.0.1', smscPort: 1 } });
  await createSmppClient({
    ctx,
    input: { agencySlug: 'salut-valencia', systemId: SYSTEM_ID, password: PASSWORD, maxBinds: 2 },
    actor: { kind: 'cli' },
  });
  listener = await startSmppListener({
    ctx,
    logger: pino({ level: 'silent' }),
    mo: new MoIntake({ ctx, logger: pino({ level: 'silent' }), reassemblyTimeoutMs: 60_000 }),
    host: '127.0.0.1',
    port: 0,
    receiptPollMs: 100,
    lockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 },
  });
});

afterAll(async () => {
  for (const c of opened) c.close();
  await listener?.stop();
  queue?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

async function esme(): Promise<RawEsme> {
  const c = await RawEsme.open(listener.port);
  opened.push(c);
  return c;
}

async function boundEsme(mode?: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver'): Promise<RawEsme> {
  const c = await esme();
  const resp = await c.bind(SYSTEM_ID, PASSWORD, mode);
  expect(resp.header.status).toBe(0);
  return c;
}

async function messageRow(id: string) {
  const rows = await t.db.execute<{
    id: string;
    origin: string;
    smpp_client_id: string | null;
    body: string;
    to_phone: string;
    from_addr: string;
    smpp_receipt_requested: boolean;
  }>(`select * from messages where id = '${id}'`);
  return rows[0];
}

async function countTo(phone: string): Promise<number> {
  const rows = await t.db.execute<{ n: string }>(
    `select count(*)::text as n from messages where to_phone = '${phone}'`,
  );
  return Number(rows[0]?.n ?? 0);
}

describe('binds', () => {
  it('accepts the agency credentials with our system_id', async () => {
    const c = await esme();
    const resp = await c.bind(SYSTEM_ID, PASSWORD);
    expect(resp.command).toBe('bind_transceiver_resp');
    expect(resp.header.status).toBe(0);
    expect(resp.systemId).toBe('pregon');
    c.close();
  });

  it('refuses a wrong password with ESME_RINVPASWD and an unknown system_id with ESME_RINVSYSID, then closes', async () => {
    // Separate listener so these failures do not count towards the lockout of the others.
    const own = await startSmppListener({
      ctx,
      logger: pino({ level: 'silent' }),
      mo: new MoIntake({ ctx, logger: pino({ level: 'silent' }), reassemblyTimeoutMs: 60_000 }),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const a = await RawEsme.open(own.port);
      expect((await a.bind(SYSTEM_ID, 'wrong')).header.status).toBe(0x0e);
      await a.closed;
      const b = await RawEsme.open(own.port);
      expect((await b.bind('nobody', PASSWORD)).header.status).toBe(0x0f);
      await b.closed;
    } finally {
      await own.stop();
    }
  });

  it('locks a source out after repeated failures, even with the right password', async () => {
    const own = await startSmppListener({
      ctx,
      logger: pino({ level: 'silent' }),
      mo: new MoIntake({ ctx, logger: pino({ level: 'silent' }), reassemblyTimeoutMs: 60_000 }),
      host: '127.0.0.1',
      port: 0,
      lockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 },
    });
    try {
      for (let i = 0; i < 3; i++) {
        const c = await RawEsme.open(own.port);
        expect((await c.bind(SYSTEM_ID, `bad${i}`)).header.status).toBe(0x0e);
        c.close();
      }
      const c = await RawEsme.open(own.port);
      expect((await c.bind(SYSTEM_ID, PASSWORD)).header.status).toBe(0x0d);
      await c.closed;
    } finally {
      await own.stop();
    }
  });

  it('refuses a bind beyond the client max_binds with ESME_RBINDFAIL', async () => {
    const a = await boundEsme();
    const b = await boundEsme();
    const c = await esme();
    expect((await c.bind(SYSTEM_ID, PASSWORD)).header.status).toBe(0x0d);
    a.close();
    b.close();
    await a.closed;
    await b.closed;
  });
});

describe('protocol', () => {
  it('answers submit_sm before bind with ESME_RINVBNDSTS', async () => {
    const c = await esme();
    const resp = await c.submit(submitFields({ destAddr: '34600000050' }));
    expect(resp.command).toBe('submit_sm_resp');
    expect(resp.header.status).toBe(0x04);
    expect(await countTo('+34600000050')).toBe(0);
    c.close();
  });

  it('answers submit_sm on a receiver bind with ESME_RINVBNDSTS', async () => {
    const c = await boundEsme('bind_receiver');
    expect((await c.submit(submitFields({ destAddr: '34600000051' }))).header.status).toBe(0x04);
    c.close();
    await c.closed;
  });

  it('answers an unknown command with generic_nack ESME_RINVCMDID and the same sequence', async () => {
    const c = await esme();
    const pdu = Buffer.alloc(16);
    pdu.writeUInt32BE(16, 0);
    pdu.writeUInt32BE(0x00000077, 4);
    pdu.writeUInt32BE(4242, 12);
    const resp = await c.request(pdu, 4242);
    expect(resp.command).toBe('generic_nack');
    expect(resp.header.status).toBe(0x03);
    // The link stays up: enquire_link still answered.
    expect((await c.request(encodePdu('enquire_link', 7), 7)).command).toBe('enquire_link_resp');
    c.close();
  });

  it('nacks an absurd command_length and closes', async () => {
    const c = await esme();
    const pdu = Buffer.alloc(16);
    pdu.writeUInt32BE(0x7fffffff, 0);
    pdu.writeUInt32BE(0x00000004, 4);
    pdu.writeUInt32BE(9, 12);
    c.link.socket.write(pdu);
    const nack = await c.waitFor((p) => p.command === 'generic_nack');
    expect(nack.header.status).not.toBe(0);
    await c.closed;
  });
});

describe('submit_sm', () => {
  it('stores a message with origin smpp and answers with its id', async () => {
    const c = await boundEsme('bind_transmitter');
    const resp = await c.submit(
      submitFields({ destAddr: '34600000060', text: 'Cita manana 10:30', registeredDelivery: 1 }),
    );
    expect(resp.header.status).toBe(0);
    const row = await messageRow(String(resp.messageId));
    expect(row).toMatchObject({
      origin: 'smpp',
      body: 'Cita manana 10:30',
      to_phone: '+34600000060',
      from_addr: 'SALUT',
      smpp_receipt_requested: true,
    });
    expect(row?.smpp_client_id).toEqual(expect.any(String));
    c.close();
  });

  it('refuses a destination that is not international with ESME_RINVDSTADR and stores nothing', async () => {
    const c = await boundEsme('bind_transmitter');
    const national = await c.submit(submitFields({ destTon: 2, destAddr: '600000061' }));
    expect(national.header.status).toBe(0x0b);
    const invalid = await c.submit(submitFields({ destAddr: '3460000006199999' }));
    expect(invalid.header.status).toBe(0x0b);
    expect(await countTo('+34600000061')).toBe(0);
    c.close();
  });

  it('refuses a sender that is not the agency own with ESME_RINVSRCADR', async () => {
    const c = await boundEsme('bind_transmitter');
    const resp = await c.submit(
      submitFields({ sourceTon: 5, sourceAddr: 'EDUCACION', destAddr: '34600000062' }),
    );
    expect(resp.header.status).toBe(0x0a);
    expect(await countTo('+34600000062')).toBe(0);
    c.close();
  });

  it('reassembles a UDH-concatenated submit into one message; every part gets its id', async () => {
    const c = await boundEsme('bind_transmitter');
    const texts = ['Primera parte, ', 'segunda parte, ', 'tercera.'];
    const answers = [];
    for (const [i, text] of texts.entries()) {
      const udh = Buffer.from([0x05, 0x00, 0x03, 0x2a, 3, i + 1]);
      answers.push(
        await c.submit(
          submitFields({
            destAddr: '34600000063',
            esmClass: 0x40,
            shortMessage: Buffer.concat([udh, Buffer.from(text, 'latin1')]),
          }),
        ),
      );
    }
    expect(answers.map((a) => a.header.status)).toEqual([0, 0, 0]);
    const ids = new Set(answers.map((a) => a.messageId));
    expect(ids.size).toBe(1);
    expect(await countTo('+34600000063')).toBe(1);
    expect((await messageRow(String(answers[2]?.messageId)))?.body).toBe(texts.join(''));
    c.close();
  });

  it('reassembles SAR-TLV parts arriving out of order, and reads UCS-2', async () => {
    const c = await boundEsme('bind_transmitter');
    const parts = ['Falta d’assistència ', '— 你好'];
    const sar = (seq: number) => [
      { tag: 0x020c, value: Uint8Array.of(0x01, 0x02) },
      { tag: 0x020e, value: Uint8Array.of(2) },
      { tag: 0x020f, value: Uint8Array.of(seq) },
    ];
    const second = await c.submit(
      submitFields({
        destAddr: '34600000064',
        dataCoding: 8,
        shortMessage: encodeUcs2(parts[1] ?? ''),
        tlvs: sar(2),
      }),
    );
    const first = await c.submit(
      submitFields({
        destAddr: '34600000064',
        dataCoding: 8,
        shortMessage: encodeUcs2(parts[0] ?? ''),
        tlvs: sar(1),
      }),
    );
    expect([second.header.status, first.header.status]).toEqual([0, 0]);
    expect(first.messageId).toBe(second.messageId);
    expect((await messageRow(String(first.messageId)))?.body).toBe(parts.join(''));
    c.close();
  });

  it('reads text from message_payload', async () => {
    const c = await boundEsme('bind_transmitter');
    const long = 'Aviso municipal: corte de agua. '.repeat(12);
    const resp = await c.submit(
      submitFields({
        destAddr: '34600000065',
        shortMessage: new Uint8Array(0),
        tlvs: [{ tag: TLV_MESSAGE_PAYLOAD, value: Buffer.from(long, 'latin1') }],
      }),
    );
    expect(resp.header.status).toBe(0);
    expect((await messageRow(String(resp.messageId)))?.body).toBe(long);
    c.close();
  });
});

describe('receipts', () => {
  it('sends a deliver_sm receipt with our id once the message is final, and only once', async () => {
    const session = new EsmeSession({
      host: '127.0.0.1',
      port: listener.port,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      reconnect: { minMs: 50, maxMs: 200 },
    });
    const receipts: DeliveryReceipt[] = [];
    session.on('receipt', (r) => {
      receipts.push(r);
    });
    session.start();
    try {
      const outcome = await session.submit({
        sourceAddr: '',
        sourceTon: 0,
        sourceNpi: 0,
        destAddr: '34600000070',
        destTon: 1,
        destNpi: 1,
        dataCoding: 0,
        esmClass: 0,
        registeredDelivery: 1,
        shortMessage: Buffer.from('Recordatorio de cita', 'latin1'),
      });
      if (outcome.kind !== 'accepted') throw new Error(`submit ${outcome.kind}`);
      const id = outcome.rawMessageId;
      await new Promise((r) => setTimeout(r, 300));
      expect(receipts).toHaveLength(0); // not final yet
      await t.db.execute(`update messages set status = 'delivered', updated_at = now() where id = '${id}'`);
      const until = Date.now() + 10_000;
      while (receipts.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(receipts[0]).toMatchObject({ rawMessageId: id, state: 'delivered', source: '34600000070' });
      // Marked sent once the deliver_sm_resp came back (just after the client saw the receipt).
      let sent: Date | null | undefined = null;
      for (let i = 0; i < 100 && sent === null; i++) {
        const rows = await t.db.execute<{ sent: Date | null }>(
          `select smpp_receipt_sent_at as sent from messages where id = '${id}'`,
        );
        sent = rows[0]?.sent;
        if (sent === null) await new Promise((r) => setTimeout(r, 50));
      }
      expect(sent).not.toBeNull();
      await new Promise((r) => setTimeout(r, 400));
      expect(receipts).toHaveLength(1);
    } finally {
      await session.stop();
    }
  });
});
