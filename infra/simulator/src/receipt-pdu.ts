import {
  formatReceiptText,
  type MessageFields,
  TLV_MESSAGE_STATE,
  TLV_NETWORK_ERROR_CODE,
  TLV_RECEIPTED_MESSAGE_ID,
  type Tlv,
} from '@pregon/smpp';
import type { SubmittedMessage } from './simulator-types.ts';

// SMPP 3.4 §5.2.12 esm_class 0x04: SMSC delivery receipt.
const ESM_CLASS_SMSC_RECEIPT = 0x04;
// SMPP 3.4 §5.2.28 message_state.
const STATE_DELIVERED = 2;
const STATE_UNDELIVERABLE = 5;
// §5.3.2.31 network_error_code: type 3 = GSM, code 1 = unassigned number (3GPP TS 24.008 cause 1).
const GSM_UNASSIGNED_NUMBER = Uint8Array.of(3, 0x00, 0x01);

export interface ReceiptSpec {
  readonly submit: SubmittedMessage;
  readonly delivered: boolean;
  /** Id written in the receipted_message_id TLV (as in submit_sm_resp, per §5.3.2.12). */
  readonly tlvId: string;
  /** Id written in the text, possibly another base (DESIGN: SMPP facts 7). */
  readonly textId: string;
  readonly withTlvs: boolean;
  readonly doneAt: Date;
}

/** The deliver_sm fields of a delivery receipt for `submit`, text per SMPP 3.4 Appendix B. */
export function receiptFields(spec: ReceiptSpec): MessageFields {
  const { submit } = spec;
  const text = formatReceiptText({
    id: spec.textId,
    submitDate: submit.receivedAt,
    doneDate: spec.doneAt,
    stat: spec.delivered ? 'DELIVRD' : 'UNDELIV',
    err: spec.delivered ? '000' : '001',
    delivered: spec.delivered,
    text: '',
  });
  const tlvs: Tlv[] = [];
  if (spec.withTlvs) {
    tlvs.push({ tag: TLV_RECEIPTED_MESSAGE_ID, value: Buffer.from(`${spec.tlvId}\0`, 'latin1') });
    tlvs.push({
      tag: TLV_MESSAGE_STATE,
      value: Uint8Array.of(spec.delivered ? STATE_DELIVERED : STATE_UNDELIVERABLE),
    });
    if (!spec.delivered) tlvs.push({ tag: TLV_NETWORK_ERROR_CODE, value: GSM_UNASSIGNED_NUMBER });
  }
  return {
    sourceAddr: submit.destination,
    sourceTon: submit.destTon,
    sourceNpi: submit.destNpi,
    destAddr: submit.source,
    destTon: submit.sourceTon,
    destNpi: submit.sourceNpi,
    esmClass: ESM_CLASS_SMSC_RECEIPT,
    registeredDelivery: 0,
    dataCoding: 0,
    shortMessage: Buffer.from(text, 'latin1'),
    tlvs,
  };
}
