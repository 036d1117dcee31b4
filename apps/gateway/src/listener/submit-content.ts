import { type MessageBody, toInboundMessage } from '@pregon/smpp';
import { buildUdh, decodeShortMessage, parseUdh, receivedAlphabet } from '@pregon/sms';
import {
  ESME_RINVESMCLASS,
  ESME_RINVMSGLEN,
  ESME_RINVOPTPARAMVAL,
  ESME_RSUBMITFAIL,
} from './listener-statuses.ts';

// SMPP 3.4 §5.2.12 esm_class bit 6: short_message starts with a UDH.
const ESM_UDHI = 0x40;
// 3GPP TS 23.040 §9.2.3.24.1: at most 255 parts.
const MAX_PARTS = 255;

/** Where a part sits in a concatenated submit (UDH IE 0x00/0x08 or SAR TLVs). */
export interface PartPosition {
  /** The reference with its size, e.g. '8:17', so an 8-bit and a 16-bit ref never mix. */
  readonly ref: string;
  readonly total: number;
  readonly seq: number;
}

/** One submit_sm's user data: the octets after any UDH, and what is needed to decode them. */
export interface SubmitPart {
  readonly dataCoding: number;
  readonly payload: Uint8Array;
  readonly singleShift?: number;
  readonly lockingShift?: number;
  readonly position: PartPosition | null;
}

export type SubmitContentResult =
  | { readonly ok: true; readonly part: SubmitPart }
  | { readonly ok: false; readonly status: number; readonly reason: string };

function refused(status: number, reason: string): SubmitContentResult {
  return { ok: false, status, reason };
}

/** Reads the user data of a submit_sm from short_message or message_payload (§5.3.2.32). */
export function readSubmitContent(body: MessageBody): SubmitContentResult {
  const inbound = toInboundMessage(body);
  const payloadTlv = inbound.tlvs.messagePayload;
  if (payloadTlv !== undefined && body.shortMessage.length > 0) {
    return refused(ESME_RINVOPTPARAMVAL, 'both short_message and message_payload are set');
  }
  if (receivedAlphabet(body.dataCoding) === 'binary') {
    return refused(ESME_RSUBMITFAIL, `data_coding 0x${body.dataCoding.toString(16)} is binary, not text`);
  }
  const bytes = payloadTlv ?? body.shortMessage;
  const udh = (body.esmClass & ESM_UDHI) !== 0 ? parseUdh(bytes) : null;
  if ((body.esmClass & ESM_UDHI) !== 0 && udh === null) {
    return refused(ESME_RINVESMCLASS, 'UDHI is set but the user data header overruns the message');
  }
  let position: PartPosition | null = null;
  if (udh?.concat !== undefined) {
    const c = udh.concat;
    position = { ref: `${c.refBits}:${c.ref}`, total: c.total, seq: c.seq };
  } else {
    const { sarMsgRefNum, sarTotalSegments, sarSegmentSeqnum } = inbound.tlvs;
    if (sarMsgRefNum !== undefined && sarTotalSegments !== undefined && sarSegmentSeqnum !== undefined) {
      if (sarSegmentSeqnum < 1 || sarSegmentSeqnum > sarTotalSegments || sarTotalSegments > MAX_PARTS) {
        return refused(ESME_RINVOPTPARAMVAL, 'sar_segment_seqnum must be 1..sar_total_segments (<= 255)');
      }
      position = { ref: `sar:${sarMsgRefNum}`, total: sarTotalSegments, seq: sarSegmentSeqnum };
    }
  }
  const payload = udh === null ? bytes : bytes.subarray(udh.raw.length);
  if (payload.length === 0) return refused(ESME_RINVMSGLEN, 'the message has no text');
  return {
    ok: true,
    part: {
      dataCoding: body.dataCoding,
      payload: Uint8Array.from(payload),
      ...(udh?.singleShift === undefined ? {} : { singleShift: udh.singleShift }),
      ...(udh?.lockingShift === undefined ? {} : { lockingShift: udh.lockingShift }),
      position: position !== null && position.total > 1 ? position : null,
    },
  };
}

/**
 * The text of parts in order. Parts of one coding are joined before decoding, so a GSM escape or a
 * UTF-16 surrogate pair cut between parts by the sender still reads whole.
 */
export function decodeParts(parts: readonly SubmitPart[]): string {
  const first = parts[0];
  if (first === undefined) return '';
  if (parts.some((p) => p.dataCoding !== first.dataCoding)) {
    return parts.map((p) => decodeParts([p])).join('');
  }
  const joined = Buffer.concat(parts.map((p) => p.payload));
  const shifts = buildUdh({
    ...(first.singleShift === undefined ? {} : { singleShift: first.singleShift }),
    ...(first.lockingShift === undefined ? {} : { lockingShift: first.lockingShift }),
  });
  if (shifts === null) return decodeShortMessage(first.dataCoding, joined).text;
  return decodeShortMessage(first.dataCoding, Buffer.concat([shifts, joined]), { udhi: true }).text;
}
