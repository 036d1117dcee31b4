import { BindError, EsmeSession, MoReassembler, type ReassembledMo } from '@pregon/smpp';
import { decodeShortMessage, type EncodingPolicy, encodeMessage } from '@pregon/sms';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/src/index.ts';
import { PerlPeer, requireNetSmpp } from './perl-peer.ts';

beforeAll(() => requireNetSmpp());

let peer: PerlPeer | null = null;
let session: EsmeSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
  await peer?.stop();
  peer = null;
});

async function perlSmsc(): Promise<{ peer: PerlPeer; port: number }> {
  const p = new PerlPeer('net-smpp-smsc.pl', ['pregon', 'secret']);
  peer = p;
  const [listening] = await p.waitFor('listening');
  return { peer: p, port: Number(listening?.port) };
}

function submitsOf(text: string, policy: EncodingPolicy, reference: number) {
  const encoded = encodeMessage(text, { policy, reference });
  if (!encoded.ok) throw new Error(encoded.error.message);
  const m = encoded.value;
  return m.segments.map((s) => ({
    sourceAddr: 'PREGON',
    sourceTon: 5,
    sourceNpi: 0,
    destAddr: '34600000001',
    destTon: 1,
    destNpi: 1,
    dataCoding: m.dataCoding,
    esmClass: m.esmClassUdhi ? 0x40 : 0,
    shortMessage: s.bytes,
    registeredDelivery: 1,
  }));
}

describe('our EsmeSession against a Net::SMPP SMSC', () => {
  it('binds; Net::SMPP decodes our GSM, UCS-2 and concatenated submits; its MOs reassemble here', async () => {
    const { peer: smsc, port } = await perlSmsc();
    const mos: ReassembledMo[] = [];
    const reassembler = new MoReassembler({ onMessage: (m) => mos.push(m) });
    const s = new EsmeSession({ host: '127.0.0.1', port, systemId: 'pregon', password: 'secret' });
    session = s;
    s.on('mo', (mo) => reassembler.push(mo));
    s.start();

    const gsm = 'Cita confirmada: mañana 10:00, Centro de Salud Benimaclet. 5€ {ref 42}';
    const ucs2 = 'Recordatorio: cita en el Clínico 🏥 ¿vendrá?';
    const long = 'Aviso del Ayuntamiento: corte de agua programado en el barrio del Carmen. '.repeat(3);
    const requests = [
      ...submitsOf(gsm, 'gsm7', 1),
      ...submitsOf(ucs2, 'ucs2', 2),
      ...submitsOf(long, 'gsm7', 0x42),
    ];
    expect(requests).toHaveLength(4);
    const outcomes = await Promise.all(requests.map((r) => s.submit(r)));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

    const seen = await smsc.waitFor('submit_sm', 4);
    expect(seen.map((e) => e.text)).toEqual([gsm, ucs2, expect.any(String), expect.any(String)]);
    expect(`${seen[2]?.text}${seen[3]?.text}`).toBe(long);
    expect(seen.map((e) => e.udh_hex)).toEqual(['', '', '050003420201', '050003420202']);
    expect(seen.map((e) => e.data_coding)).toEqual([0, 8, 0, 0]);
    expect(seen[0]).toMatchObject({
      source_addr: 'PREGON',
      source_addr_ton: 5,
      destination_addr: '34600000001',
    });

    // Net::SMPP's deliver_sm: a UCS-2 single with an emoji, and two SAR parts; all acknowledged with 0.
    const acks = await smsc.waitFor('deliver_sm_resp', 3);
    expect(acks.map((a) => a.status)).toEqual([0, 0, 0]);
    expect(mos.map((m) => [m.text, m.complete])).toEqual([
      ['Canción ñandú 😀', true],
      ['Hola desde Net::SMPP {5€}', true],
    ]);

    await s.stop();
    await smsc.waitFor('unbind');
  });

  it('is refused with ESME_RINVPASWD on a wrong password, and retries', async () => {
    const { peer: smsc, port } = await perlSmsc();
    const errors: Error[] = [];
    const s = new EsmeSession({
      host: '127.0.0.1',
      port,
      systemId: 'pregon',
      password: 'wrong',
      reconnect: { minMs: 20, maxMs: 50 },
    });
    session = s;
    s.on('error', (e) => errors.push(e));
    s.start();
    await smsc.waitFor('bind', 2);
    expect(errors[0]).toBeInstanceOf(BindError);
    expect((errors[0] as BindError).status).toBe(0x0e);
    expect(s.state).not.toBe('bound');
  });
});

describe('a Net::SMPP ESME against our simulator', () => {
  it('binds, submits GSM, UCS-2 and a 2-part message, and gets ids and matching receipts', async () => {
    const sim = await startSimulator({ systemId: 'pregon', password: 'secret', receiptDelayMs: 20 });
    try {
      const esme = new PerlPeer('net-smpp-esme.pl', ['127.0.0.1', String(sim.port), 'pregon', 'secret']);
      peer = esme;
      expect(await esme.exited).toBe(0);
      const byEvent = (name: string) => esme.events.filter((e) => e.event === name);
      expect(byEvent('error')).toEqual([]);
      expect(byEvent('bind_resp')).toEqual([{ event: 'bind_resp', status: 0, system_id: 'PREGONSIM' }]);
      const resps = byEvent('submit_sm_resp');
      expect(resps.map((r) => r.status)).toEqual([0, 0, 0, 0]);
      const ids = resps.map((r) => String(r.message_id));
      expect(ids).toEqual(sim.submits.map((s) => s.messageId));
      const receipted = byEvent('deliver_sm').map((d) => String(d.receipted_message_id).replace(/\0$/, ''));
      expect(receipted.sort()).toEqual([...ids].sort());
      expect(byEvent('unbind_resp')).toEqual([{ event: 'unbind_resp', status: 0 }]);

      const texts = sim.submits.map((s) =>
        decodeShortMessage(s.dataCoding, s.shortMessage, { udhi: s.esmClass & 0x40 }),
      );
      expect(texts.map((t) => t.text)).toEqual([
        'Hola Muñoz, ¿mañana? 5€ [Net::SMPP]',
        'Canción ñandú 😀',
        'Parte uno, ',
        'parte dos.',
      ]);
      expect(texts[3]?.udh?.concat).toEqual({ ref: 0x7a, total: 2, seq: 2, refBits: 8 });
    } finally {
      await sim.close();
    }
  });
});
