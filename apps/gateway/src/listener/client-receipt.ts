import type { MessageStatus } from '@pregon/domain';
import type { OwedSmppReceipt } from '@pregon/services';
import {
  formatReceiptText,
  type MessageFields,
  TLV_MESSAGE_STATE,
  TLV_RECEIPTED_MESSAGE_ID,
} from '@pregon/smpp';

// SMPP 3.4 §5.2.12 esm_class 0x04: SMSC delivery receipt.
const ESM_CLASS_RECEIPT = 0x04;

// SMPP 3.4 §5.2.28 message_state and the Appendix B `stat:` word for each final status.
const FINAL_STATE: Readonly<Partial<Record<MessageStatus, { state: number; stat: string }>>> = {
  delivered: { state: 2, stat: 'DELIVRD' },
  expired: { state: 3, stat: 'EXPIRED' },
  cancelled: { state: 4, stat: 'DELETED' },
  failed: { state: 5, stat: 'UNDELIV' },
  rejected: { state: 8, stat: 'REJECTD' },
};

function address(value: string): { addr: string; ton: number; npi: number } {
  // §5.2.5-6: international 1/1, short codes unknown 0/0, alphanumeric 5/0.
  if (/^\+\d+$/.test(value)) return { addr: value.slice(1), ton: 1, npi: 1 };
  if (/^\d+$/.test(value)) return { addr: value, ton: 0, npi: 0 };
  return { addr: value, ton: 5, npi: 0 };
}

/**
 * The deliver_sm that tells an agency's SMPP client how its message ended: Appendix B text and the
 * receipted_message_id / message_state TLVs, from the recipient back to the sender it used.
 */
export function clientReceiptFields(receipt: OwedSmppReceipt): MessageFields {
  const final = FINAL_STATE[receipt.status] ?? { state: 7, stat: 'UNKNOWN' };
  const delivered = receipt.status === 'delivered';
  const text = formatReceiptText({
    id: receipt.id,
    submitDate: receipt.submittedAt,
    doneDate: receipt.doneAt,
    stat: final.stat,
    err: String((receipt.smppStatus ?? 0) % 1000).padStart(3, '0'),
    delivered,
    // The receipt travels as ASCII: anything else in the message's first words shows as '?'.
    text: receipt.body.slice(0, 20).replace(/[^\x20-\x7e]/g, '?'),
  });
  const recipient = address(receipt.toPhone);
  const sender = address(receipt.fromAddr);
  return {
    sourceAddr: recipient.addr,
    sourceTon: recipient.ton,
    sourceNpi: recipient.npi,
    destAddr: sender.addr,
    destTon: sender.ton,
    destNpi: sender.npi,
    esmClass: ESM_CLASS_RECEIPT,
    registeredDelivery: 0,
    dataCoding: 0,
    shortMessage: Buffer.from(text, 'latin1'),
    tlvs: [
      { tag: TLV_RECEIPTED_MESSAGE_ID, value: Buffer.from(`${receipt.id}\0`, 'latin1') },
      { tag: TLV_MESSAGE_STATE, value: Uint8Array.of(final.state) },
    ],
  };
}
