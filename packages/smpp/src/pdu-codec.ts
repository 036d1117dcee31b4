/// <reference path="./smpp-wire.d.ts" />
import smpp from 'smpp';
import { decodeMessageBody, type MessageBody } from './message-pdu.ts';
import { encodeTlvs, type Tlv } from './tlv.ts';

// SMPP 3.4 §5.1.2.1 command_id values the sessions act on; responses set bit 31.
export const CMD_GENERIC_NACK = 0x80000000;
export const CMD_BIND_RECEIVER = 0x00000001;
export const CMD_BIND_TRANSMITTER = 0x00000002;
export const CMD_SUBMIT_SM = 0x00000004;
export const CMD_SUBMIT_SM_RESP = 0x80000004;
export const CMD_DELIVER_SM = 0x00000005;
export const CMD_UNBIND = 0x00000006;
export const CMD_BIND_TRANSCEIVER = 0x00000009;
export const CMD_OUTBIND = 0x0000000b;
export const CMD_ENQUIRE_LINK = 0x00000015;
export const RESPONSE_BIT = 0x80000000;

/** Commands Pregón writes; the `smpp` package knows their layouts. */
export type CommandName =
  | 'bind_receiver'
  | 'bind_receiver_resp'
  | 'bind_transmitter'
  | 'bind_transmitter_resp'
  | 'bind_transceiver'
  | 'bind_transceiver_resp'
  | 'submit_sm'
  | 'submit_sm_resp'
  | 'deliver_sm'
  | 'deliver_sm_resp'
  | 'enquire_link'
  | 'enquire_link_resp'
  | 'unbind'
  | 'unbind_resp'
  | 'outbind'
  | 'generic_nack';

export interface PduHeader {
  readonly commandLength: number;
  readonly commandId: number;
  readonly status: number;
  readonly sequence: number;
}

export interface DecodedPdu {
  readonly header: PduHeader;
  /** SMPP name from the `smpp` package's table, or 'unknown'. */
  readonly command: string;
  readonly isResponse: boolean;
  /** submit_sm / deliver_sm body, bytes untouched. */
  readonly message?: MessageBody;
  /** submit_sm_resp / deliver_sm_resp message_id (may be empty). */
  readonly messageId?: string;
  readonly systemId?: string;
  readonly password?: string;
  readonly systemType?: string;
}

export type DecodeResult =
  | { readonly ok: true; readonly pdu: DecodedPdu }
  | { readonly ok: false; readonly header: PduHeader; readonly reason: string };

function readHeader(frame: Buffer): PduHeader {
  return {
    commandLength: frame.readUInt32BE(0),
    commandId: frame.readUInt32BE(4),
    status: frame.readUInt32BE(8),
    sequence: frame.readUInt32BE(12),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Decodes one whole frame (from PduFramer). Never throws: the `smpp` package throws RangeError on
 * truncated bodies, so its decoder runs inside try/catch and message bodies use our own walker.
 */
export function decodePdu(frame: Buffer): DecodeResult {
  if (frame.length < 16) {
    const padded = Buffer.alloc(16);
    frame.copy(padded);
    return { ok: false, header: readHeader(padded), reason: 'shorter than the 16-octet header' };
  }
  const header = readHeader(frame);
  const command = smpp.commandsById[header.commandId]?.command ?? 'unknown';
  const isResponse = (header.commandId & RESPONSE_BIT) !== 0;
  if (header.commandId === CMD_SUBMIT_SM || header.commandId === CMD_DELIVER_SM) {
    const body = decodeMessageBody(frame);
    if (!body.ok) return { ok: false, header, reason: body.reason };
    return { ok: true, pdu: { header, command, isResponse, message: body.body } };
  }
  if (command === 'unknown' || frame.length === 16) return { ok: true, pdu: { header, command, isResponse } };
  if (header.commandId === CMD_SUBMIT_SM_RESP) {
    // SMPP 3.4 §4.4.2: the body is message_id (C-Octet String); read here, it is one per submit.
    let end = 16;
    while (end < frame.length && frame[end] !== 0) end += 1;
    return { ok: true, pdu: { header, command, isResponse, messageId: frame.toString('ascii', 16, end) } };
  }
  try {
    const raw = new smpp.PDU(frame);
    const messageId = str(raw.message_id);
    const systemId = str(raw.system_id);
    const password = str(raw.password);
    const systemType = str(raw.system_type);
    return {
      ok: true,
      pdu: {
        header,
        command,
        isResponse,
        ...(messageId === undefined ? {} : { messageId }),
        ...(systemId === undefined ? {} : { systemId }),
        ...(password === undefined ? {} : { password }),
        ...(systemType === undefined ? {} : { systemType }),
      },
    };
  } catch (cause) {
    return { ok: false, header, reason: cause instanceof Error ? cause.message : 'undecodable body' };
  }
}

/**
 * Encodes a PDU with the `smpp` package; TLVs are appended raw so any tag works and bytes stay exact.
 * A non-zero status gives a header-only PDU (16 octets), as most SMSCs send error responses.
 */
export function encodePdu(
  command: CommandName,
  sequence: number,
  fields: Readonly<Record<string, string | number | Buffer>> = {},
  status = 0,
  tlvs: readonly Tlv[] = [],
): Buffer {
  const pdu = new smpp.PDU(command, { ...fields, sequence_number: sequence, command_status: status });
  const body = pdu.toBuffer();
  if (tlvs.length === 0 || status !== 0) return body;
  const out = Buffer.concat([body, encodeTlvs(tlvs)]);
  out.writeUInt32BE(out.length, 0);
  return out;
}

/** Fields of a submit_sm / deliver_sm to encode; short_message is written as given (never re-encoded). */
export interface MessageFields {
  readonly serviceType?: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly sourceAddr: string;
  readonly destTon: number;
  readonly destNpi: number;
  readonly destAddr: string;
  readonly esmClass: number;
  readonly protocolId?: number;
  readonly priority?: number;
  readonly validityPeriod?: string;
  readonly registeredDelivery: number;
  readonly dataCoding: number;
  readonly shortMessage: Uint8Array;
  readonly tlvs?: readonly Tlv[];
}

// SMPP 3.4 §5.2.21: sm_length is one octet; longer content must travel in message_payload.
export const MAX_SHORT_MESSAGE = 254;

/** Encodes submit_sm or deliver_sm. Throws RangeError on caller mistakes (never on peer input). */
export function encodeMessagePdu(
  command: 'submit_sm' | 'deliver_sm',
  sequence: number,
  m: MessageFields,
): Buffer {
  if (m.shortMessage.length > MAX_SHORT_MESSAGE) {
    throw new RangeError(`short_message is ${m.shortMessage.length} octets; max ${MAX_SHORT_MESSAGE}`);
  }
  // SMPP 3.4 §7.1: absolute or relative time, 16 characters; the smpp package rewrites shorter strings.
  if (
    m.validityPeriod !== undefined &&
    m.validityPeriod !== '' &&
    !/^\d{12}\d\d\d[-+R]$/.test(m.validityPeriod)
  ) {
    throw new RangeError(`validity_period must be an SMPP time YYMMDDhhmmsstnnp, got ${m.validityPeriod}`);
  }
  // Written directly (same octets as the smpp package's encoder, which the golden tests pin): this
  // runs once per submit, and building the package's PDU object cost more than the rest of a submit.
  const serviceType = m.serviceType ?? '';
  const validityPeriod = m.validityPeriod ?? '';
  const tlvs = m.tlvs === undefined || m.tlvs.length === 0 ? null : encodeTlvs(m.tlvs);
  const length =
    16 +
    serviceType.length +
    1 +
    2 +
    m.sourceAddr.length +
    1 +
    2 +
    m.destAddr.length +
    1 +
    3 +
    1 +
    validityPeriod.length +
    1 +
    5 +
    m.shortMessage.length +
    (tlvs?.length ?? 0);
  const b = Buffer.allocUnsafe(length);
  b.writeUInt32BE(length, 0);
  b.writeUInt32BE(command === 'submit_sm' ? CMD_SUBMIT_SM : CMD_DELIVER_SM, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(sequence, 12);
  let o = cstring(b, 16, serviceType);
  o = b.writeUInt8(m.sourceTon, o);
  o = b.writeUInt8(m.sourceNpi, o);
  o = cstring(b, o, m.sourceAddr);
  o = b.writeUInt8(m.destTon, o);
  o = b.writeUInt8(m.destNpi, o);
  o = cstring(b, o, m.destAddr);
  o = b.writeUInt8(m.esmClass, o);
  o = b.writeUInt8(m.protocolId ?? 0, o);
  o = b.writeUInt8(m.priority ?? 0, o);
  o = cstring(b, o, ''); // schedule_delivery_time: immediate
  o = cstring(b, o, validityPeriod);
  o = b.writeUInt8(m.registeredDelivery, o);
  o = b.writeUInt8(0, o); // replace_if_present_flag
  o = b.writeUInt8(m.dataCoding, o);
  o = b.writeUInt8(0, o); // sm_default_msg_id
  o = b.writeUInt8(m.shortMessage.length, o);
  b.set(m.shortMessage, o);
  if (tlvs !== null) b.set(tlvs, o + m.shortMessage.length);
  return b;
}

/** A C-Octet String as the smpp package writes it (one octet per UTF-16 unit, 'ascii'/latin1), NUL-ended. */
function cstring(b: Buffer, offset: number, value: string): number {
  const end = offset + b.write(value, offset, 'latin1');
  b[end] = 0;
  return end + 1;
}
