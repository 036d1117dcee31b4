/** A TLV (SMPP 3.4 §3.2.4.1 "optional parameter") kept as raw bytes, in wire order. */
export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

// SMPP 3.4 §5.3.2 tags Pregón reads or writes.
export const TLV_RECEIPTED_MESSAGE_ID = 0x001e; // §5.3.2.12, C-Octet String
export const TLV_USER_MESSAGE_REFERENCE = 0x0204; // §5.3.2.17
export const TLV_SAR_MSG_REF_NUM = 0x020c; // §5.3.2.22
export const TLV_SAR_TOTAL_SEGMENTS = 0x020e; // §5.3.2.23
export const TLV_SAR_SEGMENT_SEQNUM = 0x020f; // §5.3.2.24
export const TLV_NETWORK_ERROR_CODE = 0x0423; // §5.3.2.31: type(1) + code(2)
export const TLV_MESSAGE_PAYLOAD = 0x0424; // §5.3.2.32
export const TLV_MESSAGE_STATE = 0x0427; // §5.3.2.35

export function findTlv(tlvs: readonly Tlv[], tag: number): Tlv | undefined {
  return tlvs.find((t) => t.tag === tag);
}

/** Big-endian unsigned integer of a 1, 2 or 4 octet TLV; undefined for other sizes. */
export function tlvUint(tlv: Tlv | undefined): number | undefined {
  if (tlv === undefined) return undefined;
  const v = tlv.value;
  if (v.length === 1) return v[0];
  if (v.length === 2) return ((v[0] ?? 0) << 8) | (v[1] ?? 0);
  if (v.length === 4) return Buffer.from(v).readUInt32BE(0);
  return undefined;
}

/** Text of a C-Octet String TLV: stops at the first NUL, which some SMSCs omit (fixtures README). */
export function tlvCString(tlv: Tlv | undefined): string | undefined {
  if (tlv === undefined) return undefined;
  const nul = tlv.value.indexOf(0);
  return Buffer.from(tlv.value.subarray(0, nul === -1 ? tlv.value.length : nul)).toString('latin1');
}

/** Wire bytes of TLVs, appended after the mandatory body. */
export function encodeTlvs(tlvs: readonly Tlv[]): Buffer {
  const parts: Buffer[] = [];
  for (const t of tlvs) {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(t.tag & 0xffff, 0);
    head.writeUInt16BE(t.value.length, 2);
    parts.push(head, Buffer.from(t.value));
  }
  return Buffer.concat(parts);
}
