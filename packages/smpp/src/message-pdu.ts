import { OctetReader } from './octet-reader.ts';
import type { Tlv } from './tlv.ts';

/** The body shared by submit_sm (SMPP 3.4 §4.4.1) and deliver_sm (§4.6.1), bytes untouched. */
export interface MessageBody {
  readonly serviceType: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly sourceAddr: string;
  readonly destTon: number;
  readonly destNpi: number;
  readonly destAddr: string;
  readonly esmClass: number;
  readonly protocolId: number;
  readonly priority: number;
  readonly scheduleDeliveryTime: string;
  readonly validityPeriod: string;
  readonly registeredDelivery: number;
  readonly replaceIfPresent: number;
  readonly dataCoding: number;
  readonly smDefaultMsgId: number;
  readonly shortMessage: Uint8Array;
  readonly tlvs: readonly Tlv[];
}

export type MessageBodyResult = { ok: true; body: MessageBody } | { ok: false; reason: string };

/**
 * Walks the message body ourselves instead of through the `smpp` package, whose message filter turns
 * short_message into lossy text and whose C-string TLV reader runs past a missing NUL into the next TLV.
 */
export function decodeMessageBody(pdu: Uint8Array): MessageBodyResult {
  const r = new OctetReader(pdu, 16);
  const serviceType = r.cstring();
  const sourceTon = r.u8();
  const sourceNpi = r.u8();
  const sourceAddr = r.cstring();
  const destTon = r.u8();
  const destNpi = r.u8();
  const destAddr = r.cstring();
  const esmClass = r.u8();
  const protocolId = r.u8();
  const priority = r.u8();
  const scheduleDeliveryTime = r.cstring();
  const validityPeriod = r.cstring();
  const registeredDelivery = r.u8();
  const replaceIfPresent = r.u8();
  const dataCoding = r.u8();
  const smDefaultMsgId = r.u8();
  const smLength = r.u8();
  if (
    serviceType === null ||
    sourceTon === null ||
    sourceNpi === null ||
    sourceAddr === null ||
    destTon === null ||
    destNpi === null ||
    destAddr === null ||
    esmClass === null ||
    protocolId === null ||
    priority === null ||
    scheduleDeliveryTime === null ||
    validityPeriod === null ||
    registeredDelivery === null ||
    replaceIfPresent === null ||
    dataCoding === null ||
    smDefaultMsgId === null ||
    smLength === null
  ) {
    return { ok: false, reason: 'truncated mandatory fields' };
  }
  const shortMessage = r.take(smLength);
  if (shortMessage === null) return { ok: false, reason: 'sm_length beyond end of PDU' };
  const tlvs: Tlv[] = [];
  // Trailing octets too short for a TLV header are ignored: losing an MO over padding would be worse.
  while (r.remaining >= 4) {
    const tag = r.u16();
    const len = r.u16();
    const value = len === null ? null : r.take(len);
    if (tag === null || value === null) return { ok: false, reason: 'TLV length beyond end of PDU' };
    tlvs.push({ tag, value: Uint8Array.from(value) });
  }
  return {
    ok: true,
    body: {
      serviceType,
      sourceTon,
      sourceNpi,
      sourceAddr,
      destTon,
      destNpi,
      destAddr,
      esmClass,
      protocolId,
      priority,
      scheduleDeliveryTime,
      validityPeriod,
      registeredDelivery,
      replaceIfPresent,
      dataCoding,
      smDefaultMsgId,
      shortMessage: Uint8Array.from(shortMessage),
      tlvs,
    },
  };
}
