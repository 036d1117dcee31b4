import { decodePdu, encodeMessagePdu, type MessageFields } from '@pregon/smpp';
import { type EncodedMessage, encodeMessage } from '@pregon/sms';

export interface CodecRow {
  readonly name: string;
  /** What the input was, e.g. "160 chars -> gsm7, 1 part". */
  readonly input: string;
  readonly iterations: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly unit: 'messages/s' | 'PDUs/s';
}

export interface CodecOptions {
  /** Timed iterations of each encodeMessage case; the PDU cases run the same number. */
  readonly iterations?: number;
}

// 160 GSM 03.38 characters: one full part with no UDH.
const GSM_160 =
  'Recordatorio: su cita en el CS Benimaclet es el martes 3 a las 10:30. Traiga la tarjeta SIP. Para anular responda NO a este SMS o llame al 961 000 000. Gracias.';
// 300 characters of Spanish with á í ó ú: the Spanish single shift beats UCS-2 on part count.
const SPANISH_300 =
  'Campaña de vacunación: este lunes podrá pedir cita para la vacuna de la gripe en su centro de salud, en la aplicación GVA+Salut o llamando al teléfono de atención. ¿Tiene más de 60 años o una enfermedad crónica? No espere. Lleve su tarjeta sanitaria y, si la tiene, la cartilla de vacunación. Gracias';
// 70 UTF-16 units with ’ (outside GSM and the Spanish shift): one full UCS-2 part.
const UCS2_70 = 'Falta d’assistència: l’alumne no ha vingut a classe hui. Avís de l’IES';

function expectEncoded(text: string, length: number): EncodedMessage {
  if (text.length !== length) throw new Error(`benchmark text is ${text.length} chars, not ${length}`);
  const result = encodeMessage(text, { policy: 'auto' });
  if (!result.ok) throw new Error(`benchmark text does not encode: ${result.error.message}`);
  return result.value;
}

function describe(text: string, m: EncodedMessage): string {
  const shift = m.shiftTable === null ? '' : `+${m.shiftTable} shift`;
  return `${text.length} chars -> ${m.encoding}${shift}, ${m.segments.length} part${m.segments.length === 1 ? '' : 's'}`;
}

/** Runs `op` warmup times, then times `iterations` calls; `op` returns a number so the JIT keeps the work. */
function time(
  name: string,
  input: string,
  unit: CodecRow['unit'],
  iterations: number,
  op: (i: number) => number,
): CodecRow {
  let sink = 0;
  const warmup = Math.max(1000, Math.floor(iterations / 10));
  for (let i = 0; i < warmup; i += 1) sink += op(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) sink += op(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink <= 0) throw new Error(`${name}: the operation produced nothing`);
  return { name, input, iterations, seconds, opsPerSecond: iterations / seconds, unit };
}

/** encodeMessage on three representative texts, then encodeMessagePdu / decodePdu of a 160-octet submit_sm. */
export function runCodecBench(options: CodecOptions = {}): CodecRow[] {
  const iterations = options.iterations ?? 100_000;
  const rows: CodecRow[] = [];
  for (const [name, text, length] of [
    ['encodeMessage GSM 160', GSM_160, 160],
    ['encodeMessage Spanish 300', SPANISH_300, 300],
    ['encodeMessage UCS-2 70', UCS2_70, 70],
  ] as const) {
    const input = describe(text, expectEncoded(text, length));
    rows.push(
      time(name, input, 'messages/s', iterations, () => {
        const r = encodeMessage(text, { policy: 'auto' });
        return r.ok ? r.value.segments.length : 0;
      }),
    );
  }

  const part = expectEncoded(GSM_160, 160).segments[0];
  if (!part) throw new Error('GSM 160 text produced no part');
  const fields: MessageFields = {
    sourceTon: 5, // SMPP 3.4 §5.2.5 TON alphanumeric
    sourceNpi: 0,
    sourceAddr: 'SALUTVLC',
    destTon: 1, // international
    destNpi: 1, // E.164
    destAddr: '34600000001',
    esmClass: 0,
    registeredDelivery: 1,
    dataCoding: 0x00,
    shortMessage: part.bytes,
  };
  const frame = encodeMessagePdu('submit_sm', 1, fields);
  const pduInput = `submit_sm, ${part.bytes.length}-octet short_message, ${frame.length}-octet frame`;
  rows.push(
    time('encodeMessagePdu submit_sm', pduInput, 'PDUs/s', iterations, (i) => {
      return encodeMessagePdu('submit_sm', (i % 0x7ffffffe) + 1, fields).length;
    }),
  );
  rows.push(
    time('decodePdu submit_sm', pduInput, 'PDUs/s', iterations, () => {
      const r = decodePdu(frame);
      return r.ok ? (r.pdu.message?.shortMessage.length ?? 0) : 0;
    }),
  );
  return rows;
}
