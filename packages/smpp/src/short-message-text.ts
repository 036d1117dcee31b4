import { findTlv, TLV_MESSAGE_PAYLOAD, type Tlv } from './tlv.ts';

// SMPP 3.4 §5.2.19 data_coding 0x08: UCS-2 (UTF-16BE).
const DC_UCS2 = 0x08;

/**
 * ASCII view of a receipt's text, from short_message or, when that is empty, message_payload (§5.3.2.32).
 * Receipts are ASCII in practice; real GSM/UCS-2 decoding of user text belongs to @pregon/sms.
 */
export function receiptAscii(dataCoding: number, shortMessage: Uint8Array, tlvs: readonly Tlv[]): string {
  const bytes =
    shortMessage.length > 0 ? shortMessage : (findTlv(tlvs, TLV_MESSAGE_PAYLOAD)?.value ?? shortMessage);
  if (dataCoding === DC_UCS2) {
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const code = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
      s += code < 0x80 ? String.fromCharCode(code) : '?';
    }
    return s;
  }
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : '?';
  return s;
}
