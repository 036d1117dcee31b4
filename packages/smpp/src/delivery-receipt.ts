import { type IdNotation, normalizeMessageId } from './message-id.ts';
import type { MessageBody } from './message-pdu.ts';
import { parseReceiptDate, parseReceiptText } from './receipt-text.ts';
import { receiptAscii } from './short-message-text.ts';
import {
  findTlv,
  TLV_MESSAGE_STATE,
  TLV_NETWORK_ERROR_CODE,
  TLV_RECEIPTED_MESSAGE_ID,
  tlvCString,
  tlvUint,
} from './tlv.ts';

export type ReceiptState =
  | 'delivered'
  | 'expired'
  | 'deleted'
  | 'undeliverable'
  | 'accepted'
  | 'unknown'
  | 'rejected'
  | 'enroute';

export interface DeliveryReceipt {
  /** Normalized with the carrier's IdNotation: compare it with the submit outcome's messageId. */
  readonly carrierMessageId: string;
  readonly rawMessageId: string;
  readonly state: ReceiptState;
  /** `err:` of the receipt text, as written (e.g. '000', '034'). */
  readonly errorCode?: string;
  /** network_error_code TLV (SMPP 3.4 §5.3.2.31): type 1 ANSI-136, 2 IS-95, 3 GSM, ...; code as sent. */
  readonly networkError?: { readonly type: number; readonly code: number };
  readonly submitDate?: Date;
  readonly doneDate?: Date;
  /** Receipt `source_addr`: the handset the original MT went to. */
  readonly source: string;
  readonly destination: string;
  /** Receipt text (`text:` field), when present. */
  readonly text?: string;
}

// SMPP 3.4 §5.2.12 esm_class bits 5-2 on deliver_sm: 0x04 SMSC delivery receipt, 0x08 SME delivery
// acknowledgement, 0x20 intermediate delivery notification.
const MESSAGE_TYPE_MASK = 0x3c;
const RECEIPT_TYPES = new Set([0x04, 0x08, 0x20]);

/** True when esm_class marks a deliver_sm as a receipt rather than an MO. */
export function isReceiptEsmClass(esmClass: number): boolean {
  return RECEIPT_TYPES.has(esmClass & MESSAGE_TYPE_MASK);
}

// SMPP 3.4 §5.2.28 message_state values (0 SCHEDULED and 9 SKIPPED are SMPP 5.0).
const MESSAGE_STATES: Readonly<Record<number, ReceiptState>> = {
  0: 'enroute',
  1: 'enroute',
  2: 'delivered',
  3: 'expired',
  4: 'deleted',
  5: 'undeliverable',
  6: 'accepted',
  7: 'unknown',
  8: 'rejected',
  9: 'rejected',
};

// Appendix B `stat:` values plus spellings seen in the wild.
const TEXT_STATES: Readonly<Record<string, ReceiptState>> = {
  DELIVRD: 'delivered',
  DELIVERED: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'deleted',
  UNDELIV: 'undeliverable',
  UNDELIVERABLE: 'undeliverable',
  FAILED: 'undeliverable',
  ACCEPTD: 'accepted',
  ACCEPTED: 'accepted',
  UNKNOWN: 'unknown',
  REJECTD: 'rejected',
  REJECTED: 'rejected',
  ENROUTE: 'enroute',
};

/**
 * Reads a deliver_sm as a delivery receipt, or returns null when esm_class says it is not one.
 * TLVs win over the text; the text is parsed leniently. Never throws.
 * @example parseDeliveryReceipt(pdu.message, 'hex')?.carrierMessageId
 */
export function parseDeliveryReceipt(
  pdu: MessageBody,
  notation: IdNotation = 'auto',
): DeliveryReceipt | null {
  if (!isReceiptEsmClass(pdu.esmClass)) return null;
  const text = parseReceiptText(receiptAscii(pdu.dataCoding, pdu.shortMessage, pdu.tlvs));
  const tlvId = tlvCString(findTlv(pdu.tlvs, TLV_RECEIPTED_MESSAGE_ID))?.trim();
  const useTlv = tlvId !== undefined && tlvId !== '';
  const rawMessageId = useTlv ? tlvId : (text.id ?? '');
  const carrierMessageId = normalizeMessageId(
    rawMessageId,
    notation,
    useTlv ? 'receipt_tlv' : 'receipt_text',
  );

  const tlvState = tlvUint(findTlv(pdu.tlvs, TLV_MESSAGE_STATE));
  const stat = text.stat?.toUpperCase().replace(/[^A-Z]/g, '');
  const state =
    (tlvState === undefined ? undefined : MESSAGE_STATES[tlvState]) ??
    (stat === undefined ? undefined : TEXT_STATES[stat]) ??
    'unknown';

  const nec = findTlv(pdu.tlvs, TLV_NETWORK_ERROR_CODE)?.value;
  const networkError =
    nec !== undefined && nec.length === 3
      ? { type: nec[0] ?? 0, code: ((nec[1] ?? 0) << 8) | (nec[2] ?? 0) }
      : undefined;
  const submitDate = parseReceiptDate(text.submitDate);
  const doneDate = parseReceiptDate(text.doneDate);
  return {
    carrierMessageId,
    rawMessageId,
    state,
    source: pdu.sourceAddr,
    destination: pdu.destAddr,
    ...(text.err === undefined || text.err === '' ? {} : { errorCode: text.err }),
    ...(networkError === undefined ? {} : { networkError }),
    ...(submitDate === undefined ? {} : { submitDate }),
    ...(doneDate === undefined ? {} : { doneDate }),
    ...(text.text === undefined ? {} : { text: text.text }),
  };
}
