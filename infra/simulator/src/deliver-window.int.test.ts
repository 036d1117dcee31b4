import { ESME_RTHROTTLED, EsmeSession, type EsmeSessionOptions, type SubmitRequest } from '@pregon/smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.ts';
import type { Simulator, SimulatorOptions } from './simulator-types.ts';

const request = (i: number): SubmitRequest => ({
  sourceAddr: 'AYTO',
  sourceTon: 5,
  sourceNpi: 0,
  destAddr: `3460${String(i).padStart(7, '0')}`,
  destTon: 1,
  destNpi: 1,
  dataCoding: 0,
  esmClass: 0,
  shortMessage: Buffer.from('Corte de agua el martes'),
  registeredDelivery: 1,
});

let sim: Simulator | null = null;
let session: EsmeSession | null = null;

async function setup(simOptions: SimulatorOptions, sessionOptions: Partial<EsmeSessionOptions> = {}) {
  const s = await startSimulator({ receiptDelayMs: 10, ...simOptions });
  sim = s;
  const es = new EsmeSession({
    host: s.host,
    port: s.port,
    systemId: 'pregon',
    password: 'secret',
    window: 50,
    responseTimeoutMs: 2000,
    ...sessionOptions,
  });
  session = es;
  es.start();
  await until(() => es.state === 'bound');
  return { sim: s, session: es };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A receipt store that takes `ms` per write and counts, per carrier id, how often each was stored. */
function slowStore(ms: number) {
  const stored = new Map<string, number>();
  let held = 0;
  let mostHeld = 0;
  return {
    stored,
    get mostHeld() {
      return mostHeld;
    },
    async write(id: string) {
      held += 1;
      mostHeld = Math.max(mostHeld, held);
      await new Promise((r) => setTimeout(r, ms));
      stored.set(id, (stored.get(id) ?? 0) + 1);
      held -= 1;
    },
  };
}

afterEach(async () => {
  await session?.stop();
  session = null;
  await sim?.close();
  sim = null;
});

describe('simulator deliver_sm window and redelivery', () => {
  it('never leaves more than deliverWindow deliver_sm unanswered on a bind, and queues the rest', async () => {
    const { session } = await setup({ deliverWindow: 4 });
    const store = slowStore(30);
    session.on('receipt', (r) => store.write(r.carrierMessageId));
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => session.submit(request(i))));
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    await until(() => store.stored.size === 30);
    expect(store.mostHeld).toBe(4);
    expect(session.stats().deliverThrottled).toBe(0);
  });

  it('redelivers receipts the ESME throttles: each stored exactly once, the ESME never holding more than its cap', async () => {
    const { sim, session } = await setup({ deliverWindow: 60, throttleRetryMs: 25 }, { deliverWindow: 5 });
    const store = slowStore(15);
    session.on('receipt', (r) => store.write(r.carrierMessageId));
    const throttled = new Set<string>();
    sim.on('receipt', (e) => {
      if (e.status === ESME_RTHROTTLED) throttled.add(e.messageId);
    });
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => session.submit(request(i))));
    const ids = outcomes.map((o) => (o.kind === 'accepted' ? o.messageId : ''));
    expect(ids.every((id) => id !== '')).toBe(true);

    await until(() => store.stored.size === 120, 20_000);
    await new Promise((r) => setTimeout(r, 100)); // nothing more may arrive
    expect([...store.stored.keys()].sort()).toEqual([...ids].sort());
    expect([...store.stored.values()].every((n) => n === 1)).toBe(true);
    expect(store.mostHeld).toBeLessThanOrEqual(5);
    expect(throttled.size).toBeGreaterThan(0);
    expect(session.stats()).toMatchObject({ receipts: 120, deliversUnanswered: 0 });
    expect(session.stats().deliverThrottled).toBeGreaterThanOrEqual(throttled.size);
  });

  it('injectMo redelivers a throttled MO after throttleRetryMs and resolves with the final answer', async () => {
    const { sim, session } = await setup({ throttleRetryMs: 20 }, { deliverWindow: 1 });
    let release = () => {};
    const stored = new Promise<void>((r) => {
      release = r;
    });
    const texts: string[] = [];
    session.on('mo', async (m) => {
      texts.push(Buffer.from(m.shortMessage).toString());
      await stored;
    });
    const first = sim.injectMo({ from: '34600000002', to: '215', text: 'ALTA CENTRO' });
    await until(() => texts.length === 1);
    const second = sim.injectMo({ from: '34600000003', to: '215', text: 'BAJA' });
    await until(() => session.stats().deliverThrottled >= 2); // refused, redelivered, refused again
    release();
    expect(await Promise.all([first, second])).toEqual([[0], [0]]);
    expect(texts).toEqual(['ALTA CENTRO', 'BAJA']);
  });

  it('refuses a deliver window that is not a positive integer', async () => {
    await expect(startSimulator({ deliverWindow: 0 })).rejects.toThrow(/deliverWindow/);
  });
});
