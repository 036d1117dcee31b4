import { parseUdh } from '@pregon/sms';
import type { InboundMessage } from './inbound-message.ts';

// SMPP 3.4 §5.2.12 esm_class bit 6: UDH indicator.
const ESM_UDHI = 0x40;

/** Where a part says it belongs: 3GPP TS 23.040 §9.2.3.24.1/.8 (UDH IE 0x00/0x08) or SMPP 3.4 §5.3.2.22-24 (SAR). */
export interface ConcatInfo {
  readonly ref: number;
  readonly total: number;
  readonly seq: number;
  readonly via: 'udh8' | 'udh16' | 'sar';
}

/** One MO deliver_sm cut into what reassembly needs: its place in a message and its user data. */
export interface MoPart {
  readonly concat: ConcatInfo | null;
  readonly dataCoding: number;
  /** User data after the UDH: short_message, or message_payload (§5.3.2.32) when short_message is empty. */
  readonly payload: Uint8Array;
  readonly singleShift: number;
  readonly lockingShift: number;
}

/** Reads a part's concatenation (UDH IE anywhere in the header, else SAR TLVs) and payload. Never throws. */
export function moPartOf(mo: InboundMessage): MoPart {
  const payload = mo.tlvs.messagePayload;
  const content = mo.shortMessage.length === 0 && payload !== undefined ? payload : mo.shortMessage;
  const udh = (mo.esmClass & ESM_UDHI) !== 0 ? parseUdh(content) : null;
  const userData = udh === null ? content : content.subarray(udh.raw.length);
  let concat: ConcatInfo | null = null;
  if (udh?.concat !== undefined) {
    const c = udh.concat;
    concat = { ref: c.ref, total: c.total, seq: c.seq, via: c.refBits === 16 ? 'udh16' : 'udh8' };
  } else {
    concat = sarConcat(mo);
  }
  return {
    concat,
    dataCoding: mo.dataCoding,
    payload: userData,
    singleShift: udh?.singleShift ?? 0,
    lockingShift: udh?.lockingShift ?? 0,
  };
}

// SMPP 3.4 §5.3.2.23-24: total and seqnum are 1..255 and seqnum <= total; anything else is not a part.
function sarConcat(mo: InboundMessage): ConcatInfo | null {
  const { sarMsgRefNum: ref, sarTotalSegments: total, sarSegmentSeqnum: seq } = mo.tlvs;
  if (ref === undefined || total === undefined || seq === undefined) return null;
  if (total < 1 || total > 255 || seq < 1 || seq > total) return null;
  return { ref, total, seq, via: 'sar' };
}
