import { DEFAULT_ALPHABET, DEFAULT_EXTENSION } from './gsm7-tables.ts';

/** National language tables we implement, by name. */
export type ShiftTable = 'turkish' | 'portuguese' | 'spanish';

// National language identifiers carried in UDH IE 0x24/0x25. 3GPP TS 23.038 §6.2.1.2.4
export const NATIONAL_LANGUAGE_ID: Readonly<Record<ShiftTable, number>> = {
  turkish: 0x01,
  spanish: 0x02,
  portuguese: 0x03,
};

/** Table name for a national language identifier, or null when we do not implement it. */
export function shiftTableById(id: number): ShiftTable | null {
  if (id === 0x01) return 'turkish';
  if (id === 0x02) return 'spanish';
  if (id === 0x03) return 'portuguese';
  return null;
}

// Every single shift table keeps the default ones for FF ^ { } \ [ ~ ] | (and € where listed below).
const COMMON_SINGLE_SHIFT = DEFAULT_EXTENSION.filter(([code]) => code !== 0x65);

// 3GPP TS 23.038 §A.2.1 Turkish National Language Single Shift Table
const TURKISH_SINGLE: ReadonlyArray<readonly [number, string]> = [
  ...COMMON_SINGLE_SHIFT,
  [0x47, 'Ğ'],
  [0x49, 'İ'],
  [0x53, 'Ş'],
  [0x63, 'ç'],
  [0x65, '€'],
  [0x67, 'ğ'],
  [0x69, 'ı'],
  [0x73, 'ş'],
];

// 3GPP TS 23.038 §A.2.2 Spanish National Language Single Shift Table
const SPANISH_SINGLE: ReadonlyArray<readonly [number, string]> = [
  ...COMMON_SINGLE_SHIFT,
  [0x09, 'ç'],
  [0x41, 'Á'],
  [0x49, 'Í'],
  [0x4f, 'Ó'],
  [0x55, 'Ú'],
  [0x61, 'á'],
  [0x65, '€'],
  [0x69, 'í'],
  [0x6f, 'ó'],
  [0x75, 'ú'],
];

// 3GPP TS 23.038 §A.2.3 Portuguese National Language Single Shift Table
const PORTUGUESE_SINGLE: ReadonlyArray<readonly [number, string]> = [
  ...COMMON_SINGLE_SHIFT,
  [0x05, 'ê'],
  [0x09, 'ç'],
  [0x0b, 'Ô'],
  [0x0c, 'ô'],
  [0x0e, 'Á'],
  [0x0f, 'á'],
  [0x12, 'Φ'],
  [0x13, 'Γ'],
  [0x15, 'Ω'],
  [0x16, 'Π'],
  [0x17, 'Ψ'],
  [0x18, 'Σ'],
  [0x19, 'Θ'],
  [0x1f, 'Ê'],
  [0x41, 'À'],
  [0x49, 'Í'],
  [0x4f, 'Ó'],
  [0x55, 'Ú'],
  [0x5b, 'Ã'],
  [0x5c, 'Õ'],
  [0x61, 'Â'],
  [0x65, '€'],
  [0x69, 'í'],
  [0x6f, 'ó'],
  [0x75, 'ú'],
  [0x7b, 'ã'],
  [0x7c, 'õ'],
  [0x7f, 'â'],
];

/** Single shift table (reached with ESC) for a national language, or the default extension table. */
export function singleShiftEntries(table: ShiftTable | null): ReadonlyArray<readonly [number, string]> {
  if (table === 'spanish') return SPANISH_SINGLE;
  if (table === 'portuguese') return PORTUGUESE_SINGLE;
  if (table === 'turkish') return TURKISH_SINGLE;
  return DEFAULT_EXTENSION;
}

// 3GPP TS 23.038 §A.3.1 Turkish National Language Locking Shift Table (0x1B stays ESC).
const TURKISH_LOCKING =
  '@£$¥€éùıòÇ\nĞğ\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bŞşßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  'İABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  'çabcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// 3GPP TS 23.038 §A.3.3 Portuguese National Language Locking Shift Table (0x1B stays ESC).
const PORTUGUESE_LOCKING =
  '@£$¥êéúíóç\nÔô\rÁá' +
  'Δ_ªÇÀ∞^\\€Ó|\u001bÂâÊÉ' +
  ' !"#º%&\'()*+,-./' +
  '0123456789:;<=>?' +
  'ÍABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÃÕÚÜ§' +
  '~abcdefghijklmno' +
  'pqrstuvwxyzãõ`üà';

/** Base table after a locking shift; Spanish has none (§A.3.2 is void), so it falls back to the default. */
export function lockingShiftAlphabet(table: ShiftTable | null): string {
  if (table === 'turkish') return TURKISH_LOCKING;
  if (table === 'portuguese') return PORTUGUESE_LOCKING;
  return DEFAULT_ALPHABET;
}
