// User Data Header: a length octet, then information elements (IEI, length, data). 3GPP TS 23.040 §9.2.3.24

// 3GPP TS 23.040 §9.2.3.24.1 concatenated short messages, 8-bit reference
export const IEI_CONCAT_8BIT = 0x00;
// 3GPP TS 23.040 §9.2.3.24.8 concatenated short messages, 16-bit reference
export const IEI_CONCAT_16BIT = 0x08;
// 3GPP TS 23.040 §9.2.3.24.15 national language single shift
export const IEI_SINGLE_SHIFT = 0x24;
// 3GPP TS 23.040 §9.2.3.24.16 national language locking shift
export const IEI_LOCKING_SHIFT = 0x25;

export interface UdhConcat {
  ref: number;
  total: number;
  seq: number;
  refBits: 8 | 16;
}

/** A parsed UDH: the elements we understand, every element as found, and the raw header bytes. */
export interface Udh {
  concat?: UdhConcat;
  lockingShift?: number;
  singleShift?: number;
  /** The whole header including its length octet (UDHL). */
  raw: Uint8Array;
  elements: Array<{ id: number; data: Uint8Array }>;
}

/** What an outgoing UDH carries. */
export interface UdhFields {
  concat?: UdhConcat;
  singleShift?: number;
  lockingShift?: number;
}

/** Octets a UDH with these fields takes, length octet included; 0 when there is nothing to carry. */
export function udhLength(fields: UdhFields): number {
  let length = 0;
  if (fields.concat) length += fields.concat.refBits === 16 ? 6 : 5;
  if (fields.singleShift !== undefined) length += 3;
  if (fields.lockingShift !== undefined) length += 3;
  return length === 0 ? 0 : length + 1;
}

/** Builds a UDH (length octet first), or null when there is nothing to carry. Reference is masked to its bits. */
export function buildUdh(fields: UdhFields): Uint8Array | null {
  const octets: number[] = [];
  const { concat } = fields;
  if (concat?.refBits === 16) {
    octets.push(IEI_CONCAT_16BIT, 4, (concat.ref >> 8) & 0xff, concat.ref & 0xff, concat.total, concat.seq);
  } else if (concat) {
    octets.push(IEI_CONCAT_8BIT, 3, concat.ref & 0xff, concat.total, concat.seq);
  }
  if (fields.singleShift !== undefined) octets.push(IEI_SINGLE_SHIFT, 1, fields.singleShift);
  if (fields.lockingShift !== undefined) octets.push(IEI_LOCKING_SHIFT, 1, fields.lockingShift);
  if (octets.length === 0) return null;
  return Uint8Array.from([octets.length, ...octets]);
}

/**
 * Parses the UDH at the start of `bytes` (IEs in any order); null when the length octet overruns the
 * data. An element whose length overruns the header ends the walk. Never throws.
 */
export function parseUdh(bytes: Uint8Array): Udh | null {
  const declared = bytes[0];
  if (declared === undefined || declared + 1 > bytes.length) return null;
  const end = declared + 1;
  const udh: Udh = { raw: bytes.slice(0, end), elements: [] };
  let i = 1;
  while (i + 1 < end) {
    const id = bytes[i] ?? 0;
    const length = bytes[i + 1] ?? 0;
    if (i + 2 + length > end) break;
    const data = bytes.slice(i + 2, i + 2 + length);
    udh.elements.push({ id, data });
    applyElement(udh, id, data);
    i += 2 + length;
  }
  return udh;
}

// A repeated element: the last occurrence wins. 3GPP TS 23.040 §9.2.3.24
function applyElement(udh: Udh, id: number, data: Uint8Array): void {
  if (id === IEI_CONCAT_8BIT && data.length === 3) {
    setConcat(udh, data[0] ?? 0, data[1] ?? 0, data[2] ?? 0, 8);
  } else if (id === IEI_CONCAT_16BIT && data.length === 4) {
    setConcat(udh, ((data[0] ?? 0) << 8) | (data[1] ?? 0), data[2] ?? 0, data[3] ?? 0, 16);
  } else if (id === IEI_SINGLE_SHIFT && data.length === 1) {
    udh.singleShift = data[0] ?? 0;
  } else if (id === IEI_LOCKING_SHIFT && data.length === 1) {
    udh.lockingShift = data[0] ?? 0;
  }
}

// A zero total, or a sequence of zero or above the total, voids the element. 3GPP TS 23.040 §9.2.3.24.1
function setConcat(udh: Udh, ref: number, total: number, seq: number, refBits: 8 | 16): void {
  if (total === 0 || seq === 0 || seq > total) return;
  udh.concat = { ref, total, seq, refBits };
}
