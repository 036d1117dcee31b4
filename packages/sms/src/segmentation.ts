import type { Encoding } from './encoding.ts';
import { udhLength } from './udh.ts';

// TP-User-Data holds at most 140 octets, UDH included. 3GPP TS 23.040 §9.2.3.24
export const MAX_USER_DATA_OCTETS = 140;
// An 8-bit part count caps a concatenated message at 255 parts. 3GPP TS 23.040 §9.2.3.24.1
export const MAX_PARTS = 255;

/** Units (septets, UCS-2 code units or Latin-1 octets) that fit beside a UDH of `udhOctets`. */
export function unitsPerPart(encoding: Encoding, udhOctets: number): number {
  const octets = MAX_USER_DATA_OCTETS - udhOctets;
  // Septets start on a septet boundary after the UDH, so fill bits count: 160 / 153 / 152 / 149 ...
  if (encoding === 'gsm7') return Math.floor((octets * 8) / 7);
  if (encoding === 'ucs2') return Math.floor(octets / 2);
  return octets;
}

/** A part as a range of units, [start, end). */
export interface PartRange {
  start: number;
  end: number;
}

export interface SegmentLayout {
  parts: PartRange[];
  /** Capacity of each part: the single-part limit when one part suffices, else the concatenated one. */
  unitsPerPart: number;
  concatenated: boolean;
}

/**
 * Splits characters (given as their unit costs) into parts without cutting one: an ESC pair or a
 * surrogate pair is a single cost of 2. Empty input gives no parts.
 */
export function layoutSegments(
  costs: readonly number[],
  encoding: Encoding,
  opts: { shifted: boolean; refBits: 8 | 16 },
): SegmentLayout {
  const shift = opts.shifted ? { singleShift: 0 } : {};
  const single = unitsPerPart(encoding, udhLength(shift));
  let total = 0;
  for (const cost of costs) total += cost;
  if (total === 0) return { parts: [], unitsPerPart: single, concatenated: false };
  if (total <= single)
    return { parts: [{ start: 0, end: total }], unitsPerPart: single, concatenated: false };
  const concatUdh = udhLength({ ...shift, concat: { ref: 0, total: 0, seq: 0, refBits: opts.refBits } });
  const limit = unitsPerPart(encoding, concatUdh);
  const parts: PartRange[] = [];
  let start = 0;
  let end = 0;
  for (const cost of costs) {
    if (end - start + cost > limit) {
      parts.push({ start, end });
      start = end;
    }
    end += cost;
  }
  parts.push({ start, end });
  return { parts, unitsPerPart: limit, concatenated: true };
}
