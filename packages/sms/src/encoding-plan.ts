import type { Encoding, EncodingPolicy } from './encoding.ts';
import { gsm7SeptetsOf } from './gsm7-codec.ts';
import type { ShiftTable } from './national-shift-tables.ts';
import { layoutSegments } from './segmentation.ts';
import { type Transliteration, transliterate } from './transliteration.ts';

/** Text turned into wire units under a policy, before it is cut into parts. */
export interface EncodingPlan {
  encoding: Encoding;
  shiftTable: ShiftTable | null;
  /** Septets (unpacked), UTF-16 code units, or Latin-1 octets. */
  units: number[];
  /** Units per character, in order; segmentation never cuts inside one. */
  costs: number[];
  transliterated: Transliteration[];
  /** Characters the chosen alphabet lacks; counted as one unit each so a live counter keeps working. */
  unrepresentable: string[];
  /** Under `auto`: the characters outside GSM 7-bit that made the message UCS-2. */
  forcedUcs2: string[];
}

function basePlan(encoding: Encoding, shiftTable: ShiftTable | null): EncodingPlan {
  return {
    encoding,
    shiftTable,
    units: [],
    costs: [],
    transliterated: [],
    unrepresentable: [],
    forcedUcs2: [],
  };
}

function gsm7Plan(text: string, shift: ShiftTable | null): EncodingPlan {
  const plan = basePlan('gsm7', shift);
  const missing = new Set<string>();
  for (const char of text) {
    const septets = gsm7SeptetsOf(char, shift);
    if (septets === null) {
      missing.add(char);
      plan.units.push(0x3f);
      plan.costs.push(1);
    } else {
      plan.units.push(...septets);
      plan.costs.push(septets.length);
    }
  }
  plan.unrepresentable = [...missing];
  return plan;
}

function ucs2Plan(text: string): EncodingPlan {
  const plan = basePlan('ucs2', null);
  for (const char of text) {
    for (let i = 0; i < char.length; i++) plan.units.push(char.charCodeAt(i));
    plan.costs.push(char.length);
  }
  return plan;
}

function latin1Plan(text: string): EncodingPlan {
  const plan = basePlan('latin1', null);
  const missing = new Set<string>();
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff) missing.add(char);
    plan.units.push(code > 0xff ? 0x3f : code);
    plan.costs.push(1);
  }
  plan.unrepresentable = [...missing];
  return plan;
}

// Shift tables are used only when the default alphabet is not enough: the UDH IE costs 3 octets a part.
function shiftedPlan(text: string, shift: ShiftTable): EncodingPlan {
  const plain = gsm7Plan(text, null);
  return plain.unrepresentable.length === 0 ? plain : gsm7Plan(text, shift);
}

function partCount(plan: EncodingPlan, refBits: 8 | 16): number {
  const shifted = plan.shiftTable !== null;
  return layoutSegments(plan.costs, plan.encoding, { shifted, refBits }).parts.length;
}

// Equal part counts go to UCS-2: it renders exactly on every handset, a shift table may not.
function autoPlan(text: string, refBits: 8 | 16): EncodingPlan {
  const plain = gsm7Plan(text, null);
  if (plain.unrepresentable.length === 0) return plain;
  const ucs2 = ucs2Plan(text);
  const spanish = gsm7Plan(text, 'spanish');
  if (spanish.unrepresentable.length === 0 && partCount(spanish, refBits) < partCount(ucs2, refBits)) {
    return spanish;
  }
  ucs2.forcedUcs2 = plain.unrepresentable;
  return ucs2;
}

/** Encodes text into units under a policy; never fails, so callers decide what unrepresentable means. */
export function planEncoding(text: string, policy: EncodingPolicy, refBits: 8 | 16 = 8): EncodingPlan {
  switch (policy) {
    case 'gsm7':
      return gsm7Plan(text, null);
    case 'gsm7+spanish-shift':
      return shiftedPlan(text, 'spanish');
    case 'gsm7+portuguese-shift':
      return shiftedPlan(text, 'portuguese');
    case 'gsm7+turkish-shift':
      return shiftedPlan(text, 'turkish');
    case 'transliterate': {
      const result = transliterate(text);
      const plan = gsm7Plan(result.text, null);
      plan.transliterated = result.changes;
      return plan;
    }
    case 'ucs2':
      return ucs2Plan(text);
    case 'latin1':
      return latin1Plan(text);
    case 'auto':
      return autoPlan(text, refBits);
  }
}
