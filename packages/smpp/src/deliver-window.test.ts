import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedSmsc, until } from '../test/scripted-smsc.ts';
import { ESME_RTHROTTLED } from './command-status.ts';
import { DeliverWindow } from './deliver-window.ts';
import type { SessionLogger } from './esme-options.ts';
import { EsmeSession } from './esme-session.ts';
import { encodeMessagePdu, encodePdu } from './pdu-codec.ts';

// SMPP 3.4 §5.2.12 esm_class 0x04: SMSC delivery receipt.
const receipt = (id: number) => ({
  sourceTon: 1,
  sourceNpi: 1,
  sourceAddr: '34600000001',
  destTon: 5,
  destNpi: 0,
  destAddr: 'PREGON',
  esmClass: 0x04,
  registeredDelivery: 0,
  dataCoding: 0,
  shortMessage: Buffer.from(
    `id:${id} sub:001 dlvrd:001 submit date:2611260900 done date:2611260901 stat:DELIVRD err:000 text:`,
  ),
});

function recordingLogger(): SessionLogger & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  const noop = () => {};
  return { warnings, info: noop, debug: noop, error: noop, warn: (fields) => warnings.push(fields) };
}

let smsc: ScriptedSmsc;
let session: EsmeSession | null = null;

beforeEach(async () => {
  smsc = await ScriptedSmsc.start();
});

afterEach(async () => {
  await session?.stop();
  session = null;
  await smsc.close();
});

describe('DeliverWindow', () => {
  it('refuses beyond its size until a slot is released, and logs a flood once, not per PDU', () => {
    const log = recordingLogger();
    const w = new DeliverWindow(2, log);
    expect([w.tryHold(), w.tryHold(), w.tryHold(), w.tryHold()]).toEqual([true, true, false, false]);
    expect({ held: w.held, throttled: w.throttled }).toEqual({ held: 2, throttled: 2 });
    w.release();
    expect(w.tryHold()).toBe(true);
    expect(log.warnings).toHaveLength(1);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new DeliverWindow(0, recordingLogger())).toThrow(RangeError);
    expect(
      () => new EsmeSession({ host: 'h', port: 1, systemId: 's', password: 'p', deliverWindow: 1.5 }),
    ).toThrow(/deliverWindow/);
  });
});

describe('EsmeSession deliver window (a carrier flooding deliver_sm)', () => {
  it('answers ESME_RTHROTTLED at once beyond the window, holds no more than it, and keeps taking submit_sm_resp', async () => {
    const log = recordingLogger();
    const s = new EsmeSession({
      host: '127.0.0.1',
      port: smsc.port,
      systemId: 'pregon',
      password: 'secret',
      deliverWindow: 5,
      logger: log,
    });
    session = s;
    s.start();
    await until(() => s.state === 'bound');

    let release = () => {};
    const storing = new Promise<void>((r) => {
      release = r;
    });
    const taken: string[] = [];
    let held = 0;
    let mostHeld = 0;
    s.on('receipt', async (r) => {
      taken.push(r.carrierMessageId);
      held += 1;
      mostHeld = Math.max(mostHeld, held);
      await storing; // the receipt store is slow
      held -= 1;
    });
    const answers = new Map<number, number>();
    smsc.script = (link, pdu) => {
      if (pdu.command === 'deliver_sm_resp') answers.set(pdu.header.sequence, pdu.header.status);
      if (pdu.command !== 'submit_sm') return false;
      link.send(encodePdu('submit_sm_resp', pdu.header.sequence, { message_id: 'AB12' }));
      return true;
    };
    for (let seq = 1; seq <= 40; seq++) smsc.last?.send(encodeMessagePdu('deliver_sm', seq, receipt(seq)));

    await until(() => answers.size === 35);
    expect([...answers.values()].every((status) => status === ESME_RTHROTTLED)).toBe(true);
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i + 6));
    expect(taken).toEqual(['1', '2', '3', '4', '5']);
    expect(s.stats()).toMatchObject({ deliversUnanswered: 5, deliverThrottled: 35, receipts: 5 });
    // The socket is not paused: a submit's answer still arrives while the window is full.
    const submitted = await s.submit({
      sourceAddr: 'PREGON',
      sourceTon: 5,
      sourceNpi: 0,
      destAddr: '34600000001',
      destTon: 1,
      destNpi: 1,
      dataCoding: 0,
      esmClass: 0,
      shortMessage: Buffer.from('Cita: martes 10:00'),
      registeredDelivery: 1,
    });
    expect(submitted).toMatchObject({ kind: 'accepted', messageId: 'ab12' });

    release();
    await until(() => answers.size === 40);
    expect([1, 2, 3, 4, 5].map((seq) => answers.get(seq))).toEqual([0, 0, 0, 0, 0]);
    expect(mostHeld).toBe(5);
    expect(s.stats()).toMatchObject({ deliversUnanswered: 0, deliverThrottled: 35 });
    expect(log.warnings.filter((w) => w.deliverWindow === 5)).toHaveLength(1);

    // With room again, the redelivered receipt is taken.
    smsc.last?.send(encodeMessagePdu('deliver_sm', 41, receipt(6)));
    await until(() => answers.get(41) === 0);
    expect(taken).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});
