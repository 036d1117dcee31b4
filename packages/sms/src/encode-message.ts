import { DATA_CODING, type Encoding, type EncodingPolicy } from './encoding.ts';
import { type EncodingPlan, planEncoding } from './encoding-plan.ts';
import { NATIONAL_LANGUAGE_ID, type ShiftTable } from './national-shift-tables.ts';
import { layoutSegments, MAX_PARTS, type PartRange } from './segmentation.ts';
import { fillBitsAfterUdh, packSeptets } from './septet-packing.ts';
import type { Transliteration } from './transliteration.ts';
import { buildUdh, type UdhFields } from './udh.ts';

export interface EncodedSegment {
  udh: Uint8Array | null;
  payload: Uint8Array;
  /** What goes in short_message: udh ++ payload. */
  bytes: Uint8Array;
}

export interface EncodedMessage {
  encoding: Encoding;
  /** SMPP data_coding: 0x00 GSM 7-bit, 0x08 UCS-2, 0x03 Latin-1. */
  dataCoding: number;
  /** Set esm_class |= 0x40 when true (any segment carries a UDH). */
  esmClassUdhi: boolean;
  segments: EncodedSegment[];
  shiftTable: ShiftTable | null;
  transliterated: Transliteration[];
}

export type EncodeErrorCode = 'unrepresentable' | 'too_long' | 'empty';

export type EncodeResult =
  | { ok: true; value: EncodedMessage }
  | { ok: false; error: { code: EncodeErrorCode; message: string; characters?: string[] } };

export interface EncodeOptions {
  policy: EncodingPolicy;
  /** Concatenation reference (take it from ConcatReferences); masked to referenceBits. Defaults to a hash of the text. */
  reference?: number;
  /** 8 (IE 0x00, 153 septets a part) or 16 (IE 0x08, 152); default 8. */
  referenceBits?: 8 | 16;
  /** GSM 7-bit as one septet per octet (SMPP's usual, default) or packed for carriers that want it. */
  gsm7Packing?: 'unpacked' | 'packed';
}

/**
 * Encodes text for submit_sm under a policy, split into parts with UDH where needed; never throws.
 * `encodeMessage('Hola', { policy: 'auto' })` -> one gsm7 segment with bytes 48 6f 6c 61, dataCoding 0.
 */
export function encodeMessage(text: string, opts: EncodeOptions): EncodeResult {
  const refBits = opts.referenceBits ?? 8;
  const plan = planEncoding(text, opts.policy, refBits);
  if (plan.unrepresentable.length > 0) {
    const characters = plan.unrepresentable;
    const message = `${plan.encoding} cannot represent: ${characters.map((c) => JSON.stringify(c)).join(', ')}`;
    return { ok: false, error: { code: 'unrepresentable', message, characters } };
  }
  const layout = layoutSegments(plan.costs, plan.encoding, { shifted: plan.shiftTable !== null, refBits });
  if (layout.parts.length === 0) {
    return { ok: false, error: { code: 'empty', message: 'the message has no text to send' } };
  }
  if (layout.parts.length > MAX_PARTS) {
    const message = `the message needs ${layout.parts.length} parts; at most ${MAX_PARTS} are possible`;
    return { ok: false, error: { code: 'too_long', message } };
  }
  const mask = refBits === 16 ? 0xffff : 0xff;
  const ref = (opts.reference ?? textHash(text)) & mask;
  const total = layout.parts.length;
  const segments = layout.parts.map((range, i) => {
    const fields: UdhFields = {};
    if (total > 1) fields.concat = { ref, total, seq: i + 1, refBits };
    if (plan.shiftTable !== null) fields.singleShift = NATIONAL_LANGUAGE_ID[plan.shiftTable];
    return segment(plan, range, buildUdh(fields), opts.gsm7Packing === 'packed');
  });
  return {
    ok: true,
    value: {
      encoding: plan.encoding,
      dataCoding: DATA_CODING[plan.encoding],
      esmClassUdhi: segments.some((s) => s.udh !== null),
      segments,
      shiftTable: plan.shiftTable,
      transliterated: plan.transliterated,
    },
  };
}

function segment(
  plan: EncodingPlan,
  range: PartRange,
  udh: Uint8Array | null,
  packed: boolean,
): EncodedSegment {
  const units = plan.units.slice(range.start, range.end);
  let payload: Uint8Array;
  if (plan.encoding === 'ucs2') {
    payload = new Uint8Array(units.length * 2);
    units.forEach((unit, i) => {
      payload[i * 2] = unit >> 8;
      payload[i * 2 + 1] = unit & 0xff;
    });
  } else if (plan.encoding === 'gsm7' && packed) {
    payload = packSeptets(Uint8Array.from(units), fillBitsAfterUdh(udh?.length ?? 0));
  } else {
    payload = Uint8Array.from(units);
  }
  const bytes = new Uint8Array((udh?.length ?? 0) + payload.length);
  if (udh) bytes.set(udh);
  bytes.set(payload, udh?.length ?? 0);
  return { udh, payload, bytes };
}

// FNV-1a: a stable fallback reference when the caller gives none (production passes ConcatReferences).
function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
