import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedSmsc, until } from '../test/scripted-smsc.ts';
import type { EsmeSessionOptions } from './esme-options.ts';
import { EsmeSession } from './esme-session.ts';
import { encodeMessagePdu, encodePdu } from './pdu-codec.ts';
import type { SubmitRequest } from './submit-outcome.ts';

const request: SubmitRequest = {
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
};

const mo = {
  sourceTon: 1,
  sourceNpi: 1,
  sourceAddr: '34600000002',
  destTon: 0,
  destNpi: 1,
  destAddr: '215',
  esmClass: 0,
  registeredDelivery: 0,
  dataCoding: 0,
  shortMessage: Buffer.from('BAJA'),
};

let smsc: ScriptedSmsc;
let session: EsmeSession | null = null;

function startSession(extra: Partial<EsmeSessionOptions> = {}): EsmeSession {
  session = new EsmeSession({
    host: '127.0.0.1',
    port: smsc.port,
    systemId: 'pregon',
    password: 'secret',
    responseTimeoutMs: 300,
    reconnect: { minMs: 10, maxMs: 50 },
    ...extra,
  });
  session.start();
  return session;
}

beforeEach(async () => {
  smsc = await ScriptedSmsc.start();
});

afterEach(async () => {
  await session?.stop();
  session = null;
  await smsc.close();
});

describe('EsmeSession against a scripted SMSC', () => {
  it('binds as transceiver by default, with system_type and SMPP 3.4', async () => {
    const s = startSession({ systemType: 'VMA' });
    await until(() => s.state === 'bound');
    expect(smsc.received[0]).toMatchObject({
      command: 'bind_transceiver',
      systemId: 'pregon',
      password: 'secret',
      systemType: 'VMA',
    });
  });

  it('answers unknown and unsupported commands with generic_nack ESME_RINVCMDID and the same sequence', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    const nacks: number[] = [];
    smsc.script = (_l, pdu) => {
      if (pdu.command === 'generic_nack') nacks.push(pdu.header.status, pdu.header.sequence);
      return false;
    };
    const unknown = Buffer.alloc(16);
    unknown.writeUInt32BE(16, 0);
    unknown.writeUInt32BE(0x00000999, 4);
    unknown.writeUInt32BE(77, 12);
    smsc.last?.send(unknown);
    await until(() => nacks.length === 2);
    expect(nacks).toEqual([0x03, 77]);
  });

  it("answers the peer's enquire_link, also with sequence 0", async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    const resps: number[] = [];
    smsc.script = (_l, pdu) =>
      (pdu.command === 'enquire_link_resp' && resps.push(pdu.header.sequence) > 0) || false;
    smsc.last?.send(encodePdu('enquire_link', 0));
    smsc.last?.send(encodePdu('enquire_link', 0x7fffffff));
    await until(() => resps.length === 2);
    expect(resps).toEqual([0, 0x7fffffff]);
    expect(s.stats().lastEnquireLinkAt).toBeInstanceOf(Date);
  });

  it('drops and rebinds when its enquire_link goes unanswered', async () => {
    const s = startSession({ enquireLinkMs: 40, responseTimeoutMs: 100 });
    await until(() => s.state === 'bound');
    smsc.answerEnquireLink = false;
    await until(() => smsc.links.length >= 2 && s.state === 'bound');
    expect(s.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('on peer unbind: sends unbind_resp, reconnects and binds again', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    const resps: number[] = [];
    smsc.script = (_l, pdu) =>
      (pdu.command === 'unbind_resp' && resps.push(pdu.header.sequence) > 0) || false;
    smsc.last?.send(encodePdu('unbind', 9));
    await until(() => resps.length === 1 && smsc.links.length === 2 && s.state === 'bound');
    expect(resps).toEqual([9]);
  });

  it('sends deliver_sm_resp only after the MO handler resolved', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    let release = () => {};
    const seen: string[] = [];
    s.on('mo', async (m) => {
      seen.push(Buffer.from(m.shortMessage).toString('latin1'));
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const resps: number[] = [];
    smsc.script = (_l, pdu) =>
      (pdu.command === 'deliver_sm_resp' && resps.push(pdu.header.status) > 0) || false;
    smsc.last?.send(encodeMessagePdu('deliver_sm', 5, mo));
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(resps).toEqual([]);
    release();
    await until(() => resps.length === 1);
    expect(resps).toEqual([0]);
  });

  it('answers ESME_RX_T_APPN when the handler rejects, so the SMSC retries', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    s.on('mo', async () => {
      throw new Error('database down');
    });
    const resps: number[] = [];
    smsc.script = (_l, pdu) =>
      (pdu.command === 'deliver_sm_resp' && resps.push(pdu.header.status) > 0) || false;
    smsc.last?.send(encodeMessagePdu('deliver_sm', 6, mo));
    await until(() => resps.length === 1);
    expect(resps).toEqual([0x64]);
  });

  it('a drop before the PDU is written gives not_sent; after, unknown (never resend)', async () => {
    const s = startSession({ tps: 2 }); // second submit waits ~500 ms for its token
    await until(() => s.state === 'bound');
    smsc.script = (_l, pdu) => pdu.command === 'submit_sm'; // swallow: no submit_sm_resp
    const first = s.submit(request);
    const second = s.submit(request);
    await until(() => smsc.received.some((p) => p.command === 'submit_sm'));
    smsc.last?.destroy();
    expect(await first).toEqual({ kind: 'unknown', reason: 'connection_lost' });
    expect(await second).toEqual({ kind: 'not_sent', reason: 'connection_lost' });
    expect(smsc.received.filter((p) => p.command === 'submit_sm')).toHaveLength(1);
  });

  it('waits for the bind, and an abort signal gives not_sent', async () => {
    smsc.script = (_l, pdu) => pdu.command === 'bind_transceiver'; // never answers the bind
    const s = startSession({ responseTimeoutMs: 5000 });
    const ac = new AbortController();
    const pending = s.submit(request, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 30));
    ac.abort();
    expect(s.state).toBe('binding');
    expect(await pending).toEqual({ kind: 'not_sent', reason: 'aborted' });
  });

  it('gives up waiting for a full window after waitMs with not_sent, and writes nothing for it', async () => {
    const s = startSession({ window: 1, responseTimeoutMs: 2000 });
    await until(() => s.state === 'bound');
    smsc.script = (_l, pdu) => pdu.command === 'submit_sm'; // swallow: the one slot stays taken
    const written: string[] = [];
    const first = s.submit(request, { waitMs: 50, onWritten: () => written.push('first') });
    const second = s.submit(request, { waitMs: 50, onWritten: () => written.push('second') });
    expect(await second).toEqual({ kind: 'not_sent', reason: 'aborted' });
    expect(written).toEqual(['first']);
    expect(smsc.received.filter((p) => p.command === 'submit_sm')).toHaveLength(1);
    expect(await first).toEqual({ kind: 'unknown', reason: 'timeout' });
  });

  it('rejects with the SMSC status, flagged permanent or not; generic_nack counts as a rejection', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    const statuses = [0x0b, 0x08];
    smsc.script = (link, pdu) => {
      if (pdu.command !== 'submit_sm') return false;
      const st = statuses.shift();
      link.send(
        st === undefined
          ? encodePdu('generic_nack', pdu.header.sequence, {}, 0x03)
          : encodePdu('submit_sm_resp', pdu.header.sequence, {}, st),
      );
      return true;
    };
    expect(await s.submit(request)).toEqual({
      kind: 'rejected',
      status: 0x0b,
      statusName: 'ESME_RINVDSTADR',
      permanent: true,
    });
    expect(await s.submit(request)).toEqual({
      kind: 'rejected',
      status: 0x08,
      statusName: 'ESME_RSYSERR',
      permanent: false,
    });
    expect(await s.submit(request)).toMatchObject({ kind: 'rejected', status: 0x03 });
    expect(s.stats()).toMatchObject({ submitted: 3, rejected: 3 });
  });

  it('survives an absurd command_length: nacks, closes and rebinds', async () => {
    const s = startSession();
    await until(() => s.state === 'bound');
    const bad = Buffer.alloc(16);
    bad.writeUInt32BE(0xfffffff0, 0);
    bad.writeUInt32BE(5, 4);
    bad.writeUInt32BE(3, 12);
    smsc.last?.socket.write(bad);
    await until(() => smsc.received.some((p) => p.command === 'generic_nack' && p.header.status === 0x02));
    await until(() => smsc.links.length === 2 && s.state === 'bound');
  });

  it('refuses to submit on a receiver bind', async () => {
    const s = startSession({ bindMode: 'rx' });
    await until(() => s.state === 'bound');
    expect(smsc.received[0]?.command).toBe('bind_receiver');
    await expect(s.submit(request)).rejects.toThrow(TypeError);
  });
});
