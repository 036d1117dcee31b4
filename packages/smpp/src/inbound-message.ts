import type { MessageBody } from './message-pdu.ts';
import {
  findTlv,
  TLV_MESSAGE_PAYLOAD,
  TLV_SAR_MSG_REF_NUM,
  TLV_SAR_SEGMENT_SEQNUM,
  TLV_SAR_TOTAL_SEGMENTS,
  type Tlv,
  tlvUint,
} from './tlv.ts';

/** An MO deliver_sm as received: raw bytes and coding, decoding and reassembly are the caller's. */
export interface InboundMessage {
  readonly source: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destination: string;
  readonly destTon: number;
  readonly destNpi: number;
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly protocolId: number;
  readonly shortMessage: Uint8Array;
  readonly tlvs: {
    readonly sarMsgRefNum?: number;
    readonly sarTotalSegments?: number;
    readonly sarSegmentSeqnum?: number;
    readonly messagePayload?: Uint8Array;
  };
  /** Every TLV in wire order. */
  readonly rawTlvs: readonly Tlv[];
}

export function toInboundMessage(pdu: MessageBody): InboundMessage {
  const ref = tlvUint(findTlv(pdu.tlvs, TLV_SAR_MSG_REF_NUM));
  const total = tlvUint(findTlv(pdu.tlvs, TLV_SAR_TOTAL_SEGMENTS));
  const seq = tlvUint(findTlv(pdu.tlvs, TLV_SAR_SEGMENT_SEQNUM));
  const payload = findTlv(pdu.tlvs, TLV_MESSAGE_PAYLOAD)?.value;
  return {
    source: pdu.sourceAddr,
    sourceTon: pdu.sourceTon,
    sourceNpi: pdu.sourceNpi,
    destination: pdu.destAddr,
    destTon: pdu.destTon,
    destNpi: pdu.destNpi,
    dataCoding: pdu.dataCoding,
    esmClass: pdu.esmClass,
    protocolId: pdu.protocolId,
    shortMessage: pdu.shortMessage,
    tlvs: {
      ...(ref === undefined ? {} : { sarMsgRefNum: ref }),
      ...(total === undefined ? {} : { sarTotalSegments: total }),
      ...(seq === undefined ? {} : { sarSegmentSeqnum: seq }),
      ...(payload === undefined ? {} : { messagePayload: payload }),
    },
    rawTlvs: pdu.tlvs,
  };
}
