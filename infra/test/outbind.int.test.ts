import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { encodePdu } from '@pregon/smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptFields } from '../simulator/src/receipt-pdu.ts';
import { type Stack, startStack } from '../stack.ts';
import { OutbindPeer } from './outbind-peer.ts';

let t: TestDatabase;
let stack: Stack;
const peers: OutbindPeer[] = [];
// The demo carrier ('simulator'): the credentials we bind to it with, which its outbind must carry.
const CARRIER = { systemId: 'pregon', password: 'secret' };

beforeAll(async () => {
  t = await createTestDatabase('outbind');
  stack = await startStack({
    databaseUrl: t.url,
    // The simulator's own receipts would come in over our bind; here they must come over the outbind.
    simulator: { receiptDelayMs: 600_000 },
    gateway: { smppLockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 } },
  });
}, 60_000);

afterAll(async () => {
  for (const p of peers) p.close();
  await stack?.stop();
  await t?.drop();
});

async function peer(): Promise<OutbindPeer> {
  const p = await OutbindPeer.connect(stack.gateway.smppListener.port);
  peers.push(p);
  return p;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function messageStatus(apiKey: string, id: string): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/v1/messages/${id}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return String(((await res.json()) as { status?: unknown }).status);
}

const inboundCount = async () =>
  (await t.sql`select count(*)::int as n from inbound_messages`)[0]?.n as number;

/** Writes an outbind and waits: true if we answered with bind_receiver, false if we closed instead. */
async function outbindRefused(p: OutbindPeer, password: string): Promise<boolean> {
  p.link.send(encodePdu('outbind', 1, { system_id: CARRIER.systemId, password }));
  await Promise.race([p.closed, new Promise((r) => setTimeout(r, 5_000))]);
  return !p.link.open && !p.received.some((pdu) => pdu.command === 'bind_receiver');
}

describe('a carrier connecting to our listener with outbind (DESIGN: SMPP facts 6)', () => {
  it('gets bind_receiver with our credentials, and its receipt and MO are stored before each answer', async () => {
    const agency = stack.demo.agencies[0];
    if (!agency) throw new Error('no demo agency');
    const res = await fetch(`${stack.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agency.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+34600000077', text: 'Su cita es el jueves' }),
    });
    const id = String(((await res.json()) as { id: unknown }).id);
    const submit = await until(
      () => stack.simulator.submits.find((s) => s.destination === '34600000077' && s.messageId !== ''),
      'the submit at the SMSC',
    );
    await until(
      async () => ((await messageStatus(agency.apiKey, id)) === 'submitted' ? true : undefined),
      'submitted',
    );

    const p = await peer();
    const bind = await p.outbind(CARRIER.systemId, CARRIER.password);
    expect(bind).toMatchObject({ command: 'bind_receiver', ...CARRIER });
    await until(() => (stack.gateway.smppListener.outbinds() === 1 ? true : undefined), 'the receiver bound');

    const receipt = receiptFields({
      submit,
      delivered: true,
      tlvId: submit.messageId,
      textId: submit.messageId,
      withTlvs: true,
      doneAt: new Date(),
    });
    expect((await p.deliver(receipt)).header.status).toBe(0);
    await until(
      async () => ((await messageStatus(agency.apiKey, id)) === 'delivered' ? true : undefined),
      'delivered',
    );
    // The outbind's counters are scraped with the binds' (deliver window: see receipt-flood.int.test.ts).
    const metrics = (await (await fetch(`${stack.baseUrl}/metrics`)).text()).split('\n');
    const outbind = '{carrier="simulator",ordinal="0",mode="outbind"}';
    expect(metrics).toEqual(
      expect.arrayContaining([
        `pregon_link_up${outbind} 1`,
        `pregon_link_receipts_total${outbind} 1`,
        `pregon_link_deliver_throttled_total${outbind} 0`,
      ]),
    );

    const mo = {
      sourceAddr: '34600000055',
      sourceTon: 1,
      sourceNpi: 1,
      destAddr: '215',
      destTon: 0,
      destNpi: 1,
      esmClass: 0,
      registeredDelivery: 0,
      dataCoding: 0,
      shortMessage: Buffer.from('ALTA CENTRO'),
    };
    expect((await p.deliver(mo)).header.status).toBe(0);
    // No polling: the deliver_sm_resp came only after the row was committed.
    const rows =
      await t.sql`select source, destination, text, parts, complete, tenant_id from inbound_messages`;
    expect(rows).toEqual([
      {
        source: '+34600000055',
        destination: '215',
        text: 'ALTA CENTRO',
        parts: 1,
        complete: true,
        tenant_id: null,
      },
    ]);

    expect((await p.waitForAnswer(encodePdu('enquire_link', 901), 901)).command).toBe('enquire_link_resp');
    expect((await p.waitForAnswer(encodePdu('unbind', 902), 902)).command).toBe('unbind_resp');
    await p.closed;
    await until(() => (stack.gateway.smppListener.outbinds() === 0 ? true : undefined), 'the receiver gone');
  });

  it('closes the socket on a wrong password without binding, and stores nothing from it', async () => {
    const before = await inboundCount();
    expect(await outbindRefused(await peer(), 'wrong')).toBe(true);
    expect(await inboundCount()).toBe(before);
  });

  it('counts wrong outbinds in the bind lockout: then even the right password is refused', async () => {
    expect(await outbindRefused(await peer(), 'wrong2')).toBe(true);
    expect(await outbindRefused(await peer(), 'wrong3')).toBe(true); // the third failure locks the source
    expect(await outbindRefused(await peer(), CARRIER.password)).toBe(true);
  });
});
