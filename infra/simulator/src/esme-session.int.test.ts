import {
  type DeliveryReceipt,
  EsmeSession,
  type EsmeSessionOptions,
  type InboundMessage,
  type SubmitOutcome,
  type SubmitRequest,
} from '@pregon/smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.ts';
import type { Simulator, SimulatorOptions } from './simulator-types.ts';

const request: SubmitRequest = {
  sourceAddr: 'AYTO',
  sourceTon: 5,
  sourceNpi: 0,
  destAddr: '34600000001',
  destTon: 1,
  destNpi: 1,
  dataCoding: 0,
  esmClass: 0,
  shortMessage: Buffer.from('Corte de agua el martes'),
  registeredDelivery: 1,
};

let sim: Simulator | null = null;
let sessions: EsmeSession[] = [];

async function setup(simOptions: SimulatorOptions = {}, sessionOptions: Partial<EsmeSessionOptions> = {}) {
  const s = await startSimulator({ receiptDelayMs: 20, ...simOptions });
  sim = s;
  return { sim: s, session: connect(s, sessionOptions) };
}

/** Another session bound to the simulator (stopped after the test). */
function connect(s: Simulator, sessionOptions: Partial<EsmeSessionOptions> = {}): EsmeSession {
  const session = new EsmeSession({
    host: s.host,
    port: s.port,
    systemId: 'pregon',
    password: 'secret',
    responseTimeoutMs: 500,
    reconnect: { minMs: 20, maxMs: 100 },
    ...sessionOptions,
  });
  sessions.push(session);
  session.start();
  return session;
}

async function until(check: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function nextReceipt(session: EsmeSession): Promise<DeliveryReceipt> {
  return new Promise((resolve) => {
    const off = session.on('receipt', (r) => {
      off();
      resolve(r);
    });
  });
}

afterEach(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  sessions = [];
  await sim?.close();
  sim = null;
});

describe('EsmeSession <-> simulator', () => {
  it.each([
    [
      'hex ids, decimal receipt text',
      { idFormat: 'hex', receiptIdFormat: 'dec', receiptMode: 'text' },
      'hex',
    ],
    ['hex ids, TLV receipts', { idFormat: 'hex', receiptMode: 'tlv+text' }, 'hex'],
    ['decimal ids', { idFormat: 'dec' }, 'dec'],
    ['hex ids, auto notation', { idFormat: 'hex' }, 'auto'],
  ] as const)(
    'submit -> accepted id -> receipt with the same normalized id (%s)',
    async (_n, simOpts, notation) => {
      const { sim, session } = await setup(simOpts, { idNotation: notation });
      const receipt = nextReceipt(session);
      const outcome = await session.submit(request);
      if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${outcome.kind}`);
      expect(outcome.rawMessageId).toBe(sim.submits[0]?.messageId);
      const r = await receipt;
      expect(r.carrierMessageId).toBe(outcome.messageId);
      expect(r).toMatchObject({ state: 'delivered', source: '34600000001', destination: 'AYTO' });
      expect(sim.submits[0]).toMatchObject({
        destination: '34600000001',
        source: 'AYTO',
        dataCoding: 0,
        udh: null,
      });
      expect(Buffer.from(sim.submits[0]?.bytes ?? []).toString()).toBe('Corte de agua el martes');
      expect(session.stats()).toMatchObject({
        state: 'bound',
        submitted: 1,
        accepted: 1,
        receipts: 1,
        outstanding: 0,
      });
    },
  );

  it('passes bytes, data_coding, UDH and TLVs through untouched', async () => {
    const { sim, session } = await setup();
    const udh = [0x05, 0x00, 0x03, 0x2a, 0x02, 0x01];
    const ucs2 = Buffer.from('d83dde00', 'hex'); // U+1F600 as UTF-16BE
    const outcome = await session.submit({
      ...request,
      dataCoding: 8,
      esmClass: 0x40,
      registeredDelivery: 0,
      shortMessage: Buffer.concat([Buffer.from(udh), ucs2]),
      tlvs: [{ tag: 0x0204, value: Uint8Array.of(0x00, 0x07) }],
    });
    expect(outcome.kind).toBe('accepted');
    const got = sim.submits[0];
    expect(got?.dataCoding).toBe(8);
    expect([...(got?.udh ?? [])]).toEqual(udh);
    expect(Buffer.from(got?.bytes ?? []).equals(ucs2)).toBe(true);
    expect(got?.tlvs).toEqual([{ tag: 0x0204, value: Uint8Array.of(0x00, 0x07) }]);
  });

  it('reports undeliverable receipts with the network error', async () => {
    const { session } = await setup({ outcome: () => 'undeliverable' });
    const receipt = nextReceipt(session);
    expect((await session.submit(request)).kind).toBe('accepted');
    expect(await receipt).toMatchObject({
      state: 'undeliverable',
      errorCode: '001',
      networkError: { type: 3, code: 1 },
    });
  });

  it('never keeps more than `window` submits outstanding; unanswered ones become unknown', async () => {
    const { sim, session } = await setup(
      { outcome: () => 'no_response' },
      { window: 3, responseTimeoutMs: 300 },
    );
    const all = Array.from({ length: 5 }, () => session.submit(request));
    await until(() => sim.submits.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.submits).toHaveLength(3); // the 4th waits for a slot
    expect(session.stats().outstanding).toBe(3);
    const outcomes = await Promise.all(all);
    expect(outcomes).toEqual(Array(5).fill({ kind: 'unknown', reason: 'timeout' }));
    expect(sim.submits).toHaveLength(5);
    expect(session.stats()).toMatchObject({ unknown: 5, outstanding: 0 });
  });

  it('returns throttled on ESME_RTHROTTLED and pauses the whole link', async () => {
    let calls = 0;
    const { sim, session } = await setup(
      { outcome: () => (calls++ === 0 ? 'throttle' : 'deliver') },
      { throttleBackoffMs: 300 },
    );
    expect(await session.submit(request)).toEqual({ kind: 'throttled', status: 0x58 });
    const t0 = Date.now();
    const next = await session.submit(request);
    expect(next.kind).toBe('accepted');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(sim.submits.map((s) => s.outcome)).toEqual(['throttle', 'deliver']);
    expect(session.stats()).toMatchObject({ throttled: 1, accepted: 1 });
  });

  it('reconnects after the SMSC kills the connection, and submits again', async () => {
    const { sim, session } = await setup();
    await until(() => session.state === 'bound');
    const states: string[] = [];
    session.on('state', (s) => states.push(s));
    sim.killConnections();
    await until(() => states.includes('unbound') && session.state === 'bound');
    expect(states).toEqual(['unbound', 'connecting', 'binding', 'bound']);
    expect(session.stats().reconnects).toBe(1);
    expect((await session.submit(request)).kind).toBe('accepted');
  });

  it('stop() drains outstanding answers, then unbinds', async () => {
    // A window of 2: the third submit waits for a slot, so it is still unwritten when stop() comes.
    const { sim, session } = await setup({ responseDelayMs: 150 }, { window: 2 });
    await until(() => session.state === 'bound');
    const unbinds: unknown[] = [];
    sim.on('unbind', (e) => unbinds.push(e));
    const inFlight = [session.submit(request), session.submit(request)];
    await until(() => sim.submits.length === 2);
    const late = session.submit(request); // waiting for the window at stop: must come back not_sent
    await session.stop();
    const outcomes: SubmitOutcome[] = await Promise.all(inFlight);
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
    expect(await late).toMatchObject({ kind: 'not_sent' });
    expect(unbinds).toHaveLength(1);
    expect(session.state).toBe('stopped');
    expect(await session.submit(request)).toEqual({ kind: 'not_sent', reason: 'stopped' });
  });

  it('sends enquire_link when idle and records the answer', async () => {
    const { sim, session } = await setup({}, { enquireLinkMs: 40 });
    let seen = 0;
    sim.on('enquire_link', () => {
      seen += 1;
    });
    await until(() => seen >= 2 && session.stats().lastEnquireLinkAt !== null);
    expect(session.state).toBe('bound');
  });

  it('retries a refused bind (wrong password) with backoff, never binding', async () => {
    const { sim, session } = await setup({ password: 'right' }, { password: 'wrong' });
    const errors: unknown[] = [];
    session.on('error', (e) => errors.push(e));
    const binds: number[] = [];
    sim.on('bind', (b) => binds.push(b.status));
    await until(() => binds.length >= 3);
    expect(binds.every((s) => s === 0x0e)).toBe(true);
    expect(errors[0]).toMatchObject({ name: 'BindError', status: 0x0e });
    expect(session.state).not.toBe('bound');
    expect(session.stats().reconnects).toBeGreaterThanOrEqual(2);
  });

  it('delivers MO to the mo handler and acknowledges it', async () => {
    const { sim, session } = await setup();
    await until(() => session.state === 'bound');
    const got: InboundMessage[] = [];
    session.on('mo', (m) => {
      got.push(m);
    });
    expect(await sim.injectMo({ from: '34600000002', to: '215', text: 'ALTA CENTRO' })).toEqual([0]);
    expect(await sim.injectMo({ from: '34600000002', to: '215', text: 'Sí' })).toEqual([0]);
    expect(got[0]).toMatchObject({ source: '34600000002', destination: '215', dataCoding: 0 });
    expect(Buffer.from(got[0]?.shortMessage ?? []).toString()).toBe('ALTA CENTRO');
    expect(got[1]?.dataCoding).toBe(8);
  });

  it('delivers an MO on every bound session, or on one of them in turn', async () => {
    const { sim: s, session: first } = await setup();
    const second = connect(s);
    await until(() => first.state === 'bound' && second.state === 'bound');
    const got = [0, 0];
    first.on('mo', () => {
      got[0] = (got[0] ?? 0) + 1;
    });
    second.on('mo', () => {
      got[1] = (got[1] ?? 0) + 1;
    });
    expect(await s.injectMo({ from: '34600000002', to: '215', text: 'ALTA' })).toEqual([0, 0]);
    expect(got).toEqual([1, 1]);
    expect(await s.injectMo({ from: '34600000002', to: '215', text: 'ALTA', sessions: 'one' })).toEqual([0]);
    expect(await s.injectMo({ from: '34600000002', to: '215', text: 'ALTA', sessions: 'one' })).toEqual([0]);
    expect(got).toEqual([2, 2]);
  });

  it('a failing receipt handler answers ESME_RX_T_APPN and the SMSC retries the receipt', async () => {
    const { sim, session } = await setup();
    let failures = 1;
    const delivered: string[] = [];
    session.on('receipt', async (r) => {
      if (failures-- > 0) throw new Error('queue unavailable');
      delivered.push(r.carrierMessageId);
    });
    const attempts: (number | string)[] = [];
    sim.on('receipt', (e) => attempts.push(e.status));
    const outcome = await session.submit(request);
    await until(() => attempts.length === 2);
    expect(attempts).toEqual([0x64, 0]);
    expect(outcome.kind === 'accepted' && outcome.messageId).toBe(delivered[0]);
  });

  it('sends no receipt without registered_delivery, and keeps its history bounded', async () => {
    const { sim, session } = await setup({ historyLimit: 2 });
    let receipts = 0;
    session.on('receipt', () => {
      receipts += 1;
    });
    for (let i = 0; i < 3; i += 1)
      await session.submit({ ...request, registeredDelivery: 0, destAddr: `3460000000${i}` });
    await new Promise((r) => setTimeout(r, 80));
    expect(receipts).toBe(0);
    expect(sim.submits.map((s) => s.destination)).toEqual(['34600000001', '34600000002']);
  });
});
