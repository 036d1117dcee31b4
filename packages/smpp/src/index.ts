export {
  ESME_RINVBNDSTS,
  ESME_RINVCMDID,
  ESME_RINVDSTADR,
  ESME_RINVPASWD,
  ESME_RINVSYSID,
  ESME_RMSGQFUL,
  ESME_ROK,
  ESME_RTHROTTLED,
  ESME_RX_T_APPN,
  isPermanent,
  isThrottle,
  statusName,
} from './command-status.ts';
export { DEFAULT_DELIVER_WINDOW, DeliverWindow } from './deliver-window.ts';
export {
  type DeliveryReceipt,
  isReceiptEsmClass,
  parseDeliveryReceipt,
  type ReceiptState,
} from './delivery-receipt.ts';
export type { BindMode, EsmeSessionOptions, EsmeTlsOptions, SessionLogger } from './esme-options.ts';
export { EsmeSession } from './esme-session.ts';
export { BindError, type EsmeSessionStats } from './inbound-dispatch.ts';
export { type InboundMessage, toInboundMessage } from './inbound-message.ts';
export { type IdNotation, type IdSource, normalizeMessageId } from './message-id.ts';
export type { MessageBody } from './message-pdu.ts';
export type { ConcatInfo, MoPart } from './mo-part.ts';
export { MoReassembler, type MoReassemblerOptions, type ReassembledMo } from './mo-reassembler.ts';
export {
  CMD_BIND_RECEIVER,
  CMD_BIND_TRANSCEIVER,
  CMD_BIND_TRANSMITTER,
  CMD_DELIVER_SM,
  CMD_ENQUIRE_LINK,
  CMD_OUTBIND,
  CMD_SUBMIT_SM,
  CMD_UNBIND,
  type CommandName,
  type DecodedPdu,
  type DecodeResult,
  decodePdu,
  encodeMessagePdu,
  encodePdu,
  type MessageFields,
  type PduHeader,
} from './pdu-codec.ts';
export { MAX_PDU_LENGTH, PduFramer } from './pdu-framer.ts';
export { PduLink, type PduLinkHandlers } from './pdu-link.ts';
export { PendingRequests, type RequestSettlement } from './pending-requests.ts';
export {
  formatReceiptText,
  parseReceiptDate,
  parseReceiptText,
  type ReceiptTextFields,
} from './receipt-text.ts';
export { ReceiverBind, type ReceiverBindOptions, type ReceiverBindStats } from './receiver-bind.ts';
export { SequenceNumbers } from './sequence-numbers.ts';
export type { EsmeSessionEvents, SessionState } from './session-events.ts';
export type { SubmitOutcome, SubmitRequest } from './submit-outcome.ts';
export { SubmitWindow } from './submit-window.ts';
export {
  TLV_MESSAGE_PAYLOAD,
  TLV_MESSAGE_STATE,
  TLV_NETWORK_ERROR_CODE,
  TLV_RECEIPTED_MESSAGE_ID,
  TLV_SAR_MSG_REF_NUM,
  TLV_SAR_SEGMENT_SEQNUM,
  TLV_SAR_TOTAL_SEGMENTS,
  type Tlv,
} from './tlv.ts';
export { TokenBucket } from './token-bucket.ts';
