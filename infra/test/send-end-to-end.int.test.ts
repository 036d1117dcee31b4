import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { decodeShortMessage } from '@pregon/sms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';

let t: TestDatabase;
let stack: Stack;

beforeAll(async () => {
  t = await createTestDatabase('e2e');
  stack = await startStack({
    databaseUrl: t.url,
    // The simulated SMSC refuses one destination, as a carrier refuses a barred number.
    simulator: { outcome: (s) => (s.destination === '34699999999' ? 'reject' : 'deliver') },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

async function send(apiKey: string, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitForStatus(apiKey: string, id: string, status: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  let last: Record<string, unknown> = {};
  while (Date.now() < until) {
    const res = await fetch(`${stack.baseUrl}/v1/messages/${id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    last = (await res.json()) as Record<string, unknown>;
    if (last.status === status) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${id} never reached ${status}; last seen ${JSON.stringify(last)}`);
}

describe('one SMS end to end over a real SMPP socket', () => {
  it('travels REST -> PostgreSQL -> dispatcher -> SMPP bind -> SMSC and comes back delivered', async () => {
    const agency = stack.demo.agencies[0];
    if (!agency) throw new Error('no demo agency');
    const accepted = await send(agency.apiKey, {
      to: '+34600000001',
      text: 'Cita confirmada: martes 10:30, CS Benimaclet',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('accepted');
    const id = String(accepted.body.id);

    const message = await waitForStatus(agency.apiKey, id, 'delivered');
    expect(message).toMatchObject({
      id,
      to: '+34600000001',
      status: 'delivered',
      segments: 1,
      encoding: 'gsm7',
    });
    expect(typeof message.carrierMessageId).toBe('string');
    const history = (message.history as Array<{ status: string }>).map((h) => h.status);
    expect(history).toEqual(['accepted', 'queued', 'submitted', 'delivered']);

    const submit = stack.simulator.submits.find((s) => s.destination === '34600000001');
    expect(submit?.dataCoding).toBe(0x00);
    expect(submit && decodeShortMessage(submit.dataCoding, submit.bytes).text).toBe(
      'Cita confirmada: martes 10:30, CS Benimaclet',
    );
    expect(submit?.registeredDelivery).toBe(1);
  });

  it('sends text outside GSM 03.38 as UCS-2 and long text as concatenated parts', async () => {
    const agency = stack.demo.agencies[1];
    if (!agency) throw new Error('no demo agency');
    const text = 'Falta d’assistència: 你好 🙂';
    const a = await send(agency.apiKey, { to: '+34600000002', text });
    const m = await waitForStatus(agency.apiKey, String(a.body.id), 'delivered');
    expect(m.encoding).toBe('ucs2');
    const submit = stack.simulator.submits.find((s) => s.destination === '34600000002');
    expect(submit?.dataCoding).toBe(0x08);
    expect(submit && decodeShortMessage(0x08, submit.bytes).text).toBe(text);

    const long = 'Aviso municipal. '.repeat(20).trim();
    const b = await send(agency.apiKey, { to: '+34600000003', text: long });
    const lm = await waitForStatus(agency.apiKey, String(b.body.id), 'delivered');
    expect(lm.segments).toBe(3);
    const parts = stack.simulator.submits.filter((s) => s.destination === '34600000003');
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => (p.esmClass & 0x40) === 0x40)).toBe(true);
  });

  it('marks a carrier rejection failed with the SMPP status', async () => {
    const agency = stack.demo.agencies[2];
    if (!agency) throw new Error('no demo agency');
    const a = await send(agency.apiKey, { to: '+34699999999', text: 'Corte de agua en la calle Mayor' });
    const m = await waitForStatus(agency.apiKey, String(a.body.id), 'failed');
    expect(m.reason).toBe('carrier_rejected');
    expect(m.smppStatus).toBe(0x0b); // ESME_RINVDSTADR, as the simulated carrier answered
    expect((m.history as Array<{ status: string }>).map((h) => h.status)).toEqual([
      'accepted',
      'queued',
      'failed',
    ]);
  });

  it('an Idempotency-Key repeat returns the first message and sends nothing twice', async () => {
    const agency = stack.demo.agencies[3];
    if (!agency) throw new Error('no demo agency');
    const body = { to: '+34600000004', text: 'Resultados: mesa 12 escrutada' };
    const first = await send(agency.apiKey, body, { 'idempotency-key': 'results-12-v1' });
    const again = await send(agency.apiKey, body, { 'idempotency-key': 'results-12-v1' });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    await waitForStatus(agency.apiKey, String(first.body.id), 'delivered');
    expect(stack.simulator.submits.filter((s) => s.destination === '34600000004')).toHaveLength(1);
  });

  it('reports the carrier link bound on /readyz', async () => {
    const res = await fetch(`${stack.baseUrl}/readyz`);
    const body = (await res.json()) as { status: string; links: Array<{ state: string }> };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.links.some((l) => l.state === 'bound')).toBe(true);
  });
});
