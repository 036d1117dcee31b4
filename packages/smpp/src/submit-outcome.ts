import { isPermanent, isThrottle, statusName } from './command-status.ts';
import { type IdNotation, normalizeMessageId } from './message-id.ts';
import type { RequestSettlement } from './pending-requests.ts';
import type { Tlv } from './tlv.ts';

/** An MT to submit, already encoded (text encoding and segmentation are @pregon/sms's job). */
export interface SubmitRequest {
  readonly sourceAddr: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destAddr: string;
  readonly destTon: number;
  readonly destNpi: number;
  /** SMPP 3.4 §5.2.19, e.g. 0x00 GSM 7-bit unpacked, 0x08 UCS-2. */
  readonly dataCoding: number;
  /** SMPP 3.4 §5.2.12; set 0x40 when shortMessage starts with a UDH. */
  readonly esmClass: number;
  /** At most 254 octets; longer content goes in a message_payload TLV. */
  readonly shortMessage: Uint8Array;
  /** SMPP 3.4 §5.2.17: 1 asks for a final receipt. */
  readonly registeredDelivery: number;
  /** SMPP time, 16 characters (§7.1), e.g. '000000010000000R' for one hour. */
  readonly validityPeriod?: string;
  readonly priority?: number;
  readonly serviceType?: string;
  readonly protocolId?: number;
  readonly tlvs?: readonly Tlv[];
}

/**
 * What became of a submit. 'not_sent' is safe to requeue; 'unknown' was written and may have been
 * accepted, so it must never be resent blindly (DESIGN: SMPP facts 3).
 */
export type SubmitOutcome =
  | { readonly kind: 'accepted'; readonly messageId: string; readonly rawMessageId: string }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly statusName: string;
      readonly permanent: boolean;
    }
  | { readonly kind: 'throttled'; readonly status: number }
  | { readonly kind: 'unknown'; readonly reason: 'timeout' | 'connection_lost' }
  | { readonly kind: 'not_sent'; readonly reason: 'aborted' | 'stopped' | 'connection_lost' };

export function submitOutcome(s: RequestSettlement, notation: IdNotation): SubmitOutcome {
  if (s.kind === 'timeout') return { kind: 'unknown', reason: 'timeout' };
  if (s.kind === 'closed') return { kind: 'unknown', reason: 'connection_lost' };
  const status = s.pdu.header.status;
  if (status === 0 && s.pdu.command === 'submit_sm_resp') {
    const rawMessageId = s.pdu.messageId ?? '';
    return { kind: 'accepted', messageId: normalizeMessageId(rawMessageId, notation), rawMessageId };
  }
  if (isThrottle(status)) return { kind: 'throttled', status };
  // generic_nack with status 0 is nonsense from the peer: report it as a system error, not success.
  const effective = status === 0 ? 0x08 : status;
  return {
    kind: 'rejected',
    status: effective,
    statusName: statusName(effective),
    permanent: isPermanent(effective),
  };
}
