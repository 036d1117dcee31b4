import { DEFAULT_ALPHABET, ESC } from './gsm7-tables.ts';
import { lockingShiftAlphabet, type ShiftTable, singleShiftEntries } from './national-shift-tables.ts';

type SeptetLookup = ReadonlyMap<string, readonly number[]>;

const lookups = new Map<ShiftTable | 'default', SeptetLookup>();

// Base-table characters win over single-shift ones, so a character costs two septets only when it must.
function lookupFor(shift: ShiftTable | null): SeptetLookup {
  const key = shift ?? 'default';
  const cached = lookups.get(key);
  if (cached) return cached;
  const map = new Map<string, readonly number[]>();
  for (const [code, char] of singleShiftEntries(shift)) map.set(char, [ESC, code]);
  for (let code = 0; code < DEFAULT_ALPHABET.length; code++) {
    const char = DEFAULT_ALPHABET.charAt(code);
    if (code !== ESC) map.set(char, [code]);
  }
  lookups.set(key, map);
  return map;
}

/** Septets for one character (1, or 2 with ESC), or null when the alphabet lacks it. `gsm7SeptetsOf('€') // [0x1b, 0x65]` */
export function gsm7SeptetsOf(char: string, shift: ShiftTable | null = null): readonly number[] | null {
  return lookupFor(shift).get(char) ?? null;
}

export type Gsm7EncodeResult = { ok: true; septets: Uint8Array } | { ok: false; characters: string[] };

/** Encodes text to unpacked septets (one per octet, as SMPP data_coding 0x00 expects). */
export function encodeGsm7(text: string, shift: ShiftTable | null = null): Gsm7EncodeResult {
  const septets: number[] = [];
  const missing = new Set<string>();
  for (const char of text) {
    const units = gsm7SeptetsOf(char, shift);
    if (units) septets.push(...units);
    else missing.add(char);
  }
  if (missing.size > 0) return { ok: false, characters: [...missing] };
  return { ok: true, septets: Uint8Array.from(septets) };
}

/** Shift tables announced in the UDH (IE 0x24 single, 0x25 locking); null means the default tables. */
export interface Gsm7Shifts {
  singleShift?: ShiftTable | null;
  lockingShift?: ShiftTable | null;
}

const REPLACEMENT = '\uFFFD';

/**
 * Decodes unpacked septets; never throws. Unknown ESC sequences show the base character
 * (3GPP TS 23.038 §6.2.1.1), ESC ESC shows a space, a trailing lone ESC is dropped, octets > 0x7F give U+FFFD.
 */
export function decodeGsm7(septets: Uint8Array, shifts: Gsm7Shifts = {}): string {
  const base = lockingShiftAlphabet(shifts.lockingShift ?? null);
  const extension = new Map(singleShiftEntries(shifts.singleShift ?? null));
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const septet = septets[i] ?? 0;
    if (septet > 0x7f) {
      text += REPLACEMENT;
      continue;
    }
    if (septet !== ESC) {
      text += base.charAt(septet);
      continue;
    }
    const next = septets[i + 1];
    i++;
    if (next === undefined) break;
    if (next > 0x7f) text += REPLACEMENT;
    else if (next === ESC) text += ' ';
    else text += extension.get(next) ?? base.charAt(next);
  }
  return text;
}
