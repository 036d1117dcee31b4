import { connect } from 'node:net';
import { EsmeSession, encodeMessagePdu } from '@pregon/smpp';
import { encodeMessage } from '@pregon/sms';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/src/index.ts';
import { LoopbackCapture, requireTshark } from './tshark-capture.ts';

beforeAll(() => requireTshark());

const MALFORMED = '_ws.malformed || _ws.expert.severity >= warning';

// A submit_sm whose sm_length runs past the end of the PDU: the negative control that the check can fail.
function brokenSubmit(): Buffer {
  const pdu = encodeMessagePdu('submit_sm', 9, {
    sourceAddr: 'X',
    sourceTon: 0,
    sourceNpi: 0,
    destAddr: '34600000001',
    destTon: 1,
    destNpi: 1,
    esmClass: 0,
    registeredDelivery: 0,
    dataCoding: 0,
    shortMessage: Buffer.from('hola'),
  });
  pdu[pdu.length - 5] = 200; // sm_length
  return pdu;
}

async function sendRaw(port: number, pdu: Buffer): Promise<number> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const local = socket.localPort ?? 0;
  socket.write(pdu);
  await new Promise((r) => socket.once('data', r)); // the generic_nack
  socket.end();
  await new Promise((r) => socket.once('close', r));
  return local;
}

describe('tshark decode of a recorded session', () => {
  it('shows every PDU of an EsmeSession <-> simulator session and none malformed', async () => {
    const sim = await startSimulator({ receiptDelayMs: 20 });
    const capture = await LoopbackCapture.start(sim.port);
    let brokenPort = 0;
    try {
      const session = new EsmeSession({
        host: '127.0.0.1',
        port: sim.port,
        systemId: 'pregon',
        password: 'secret',
        enquireLinkMs: 60,
      });
      session.on('receipt', () => {});
      session.on('mo', () => {});
      session.start();
      const texts = [
        'Hola, cita mañana 10:00 {5€}',
        'Clínico 🏥 ¿vendrá?',
        'Aviso de corte de agua. '.repeat(8),
      ];
      for (const [i, text] of texts.entries()) {
        const encoded = encodeMessage(text, { policy: 'auto', reference: i + 1 });
        if (!encoded.ok) throw new Error(encoded.error.message);
        const m = encoded.value;
        for (const seg of m.segments) {
          const o = await session.submit({
            sourceAddr: 'PREGON',
            sourceTon: 5,
            sourceNpi: 0,
            destAddr: '34600000001',
            destTon: 1,
            destNpi: 1,
            dataCoding: m.dataCoding,
            esmClass: m.esmClassUdhi ? 0x40 : 0,
            shortMessage: seg.bytes,
            registeredDelivery: 1,
          });
          expect(o.kind).toBe('accepted');
        }
      }
      await sim.injectMo({ from: '34600000002', to: '215', text: 'BAJA' });
      await sim.injectMo({ from: '34600000002', to: '215', text: 'Sí, gracias 😀' });
      await new Promise((r) => setTimeout(r, 300)); // receipts, and an idle enquire_link
      await session.stop();
      brokenPort = await sendRaw(sim.port, brokenSubmit());
    } finally {
      await capture.stop();
      await sim.close();
    }

    const commands = capture.fields('smpp', ['tcp.srcport', 'smpp.command_id']);
    const ours = commands
      .filter(([src]) => Number(src) !== brokenPort)
      .flatMap(([, ids]) => (ids ?? '').split(','));
    const count = (id: string) => ours.filter((c) => Number(c) === Number(id)).length;
    expect(count('0x00000009')).toBe(1); // bind_transceiver
    expect(count('0x80000009')).toBe(1);
    expect(count('0x00000004')).toBe(4); // 1 GSM + 1 UCS-2 + 2 concatenated parts
    expect(count('0x80000004')).toBe(4);
    expect(count('0x00000005')).toBe(6); // 4 receipts + 2 MO
    expect(count('0x80000005')).toBe(6);
    expect(count('0x00000015')).toBeGreaterThanOrEqual(1); // enquire_link
    expect(count('0x00000006')).toBe(1); // unbind
    expect(count('0x80000006')).toBe(1);

    const flagged = capture.fields(MALFORMED, ['tcp.srcport', 'tcp.dstport', '_ws.expert.message']);
    const fromUs = flagged.filter(([src, dst]) => Number(src) !== brokenPort && Number(dst) !== brokenPort);
    expect(fromUs).toEqual([]);
    // The control: tshark does flag the broken submit_sm, so an empty list above means something.
    expect(flagged.filter(([src]) => Number(src) === brokenPort).length).toBeGreaterThan(0);

    // tshark 4.0 shows data_coding 8 text (as UCS-2: the emoji becomes U+FFFD) but not GSM 7-bit text.
    const shown = capture.fields('smpp.data_coding == 8', ['smpp.command_id', 'smpp.message_text']);
    expect(shown.find(([id]) => Number(id) === 4)?.[1]).toMatch(/^Clínico .* ¿vendrá\?$/);
  });
});
