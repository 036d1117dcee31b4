import type { Encoding, EncodingPolicy } from './encoding.ts';
import { planEncoding } from './encoding-plan.ts';
import type { ShiftTable } from './national-shift-tables.ts';
import { layoutSegments } from './segmentation.ts';
import type { Transliteration } from './transliteration.ts';

/** What a message will cost, for a live counter: units are septets, UCS-2 code units or Latin-1 octets. */
export interface SegmentInfo {
  encoding: Encoding;
  shiftTable: ShiftTable | null;
  /** 0 for empty text; may exceed 255, which encodeMessage rejects as too_long. */
  parts: number;
  unitsUsed: number;
  unitsPerPart: number;
  /** Room left in the last part (an ESC pair or surrogate pair needs 2). */
  unitsRemainingInPart: number;
  /** Under `auto`: the characters outside GSM 7-bit that made the message UCS-2. */
  forcedUcs2: string[];
  transliterated: Transliteration[];
  /** Characters the policy cannot send (gsm7, shift and latin1 policies); counted as one unit each. */
  unrepresentable: string[];
}

/** Counts parts and units without building bytes. `analyzeMessage('Hola', 'auto').parts // 1` */
export function analyzeMessage(
  text: string,
  policy: EncodingPolicy,
  opts: { referenceBits?: 8 | 16 } = {},
): SegmentInfo {
  const plan = planEncoding(text, policy, opts.referenceBits ?? 8);
  const layout = layoutSegments(plan.costs, plan.encoding, {
    shifted: plan.shiftTable !== null,
    refBits: opts.referenceBits ?? 8,
  });
  const last = layout.parts.at(-1);
  return {
    encoding: plan.encoding,
    shiftTable: plan.shiftTable,
    parts: layout.parts.length,
    unitsUsed: plan.units.length,
    unitsPerPart: layout.unitsPerPart,
    unitsRemainingInPart: layout.unitsPerPart - (last ? last.end - last.start : 0),
    forcedUcs2: plan.forcedUcs2,
    transliterated: plan.transliterated,
    unrepresentable: plan.unrepresentable,
  };
}
