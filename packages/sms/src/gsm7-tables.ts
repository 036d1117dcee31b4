// The GSM 7-bit default alphabet and its extension table, as code -> character.

/** ESC: the next septet is read from the (single shift) extension table. 3GPP TS 23.038 §6.2.1 */
export const ESC = 0x1b;

// 3GPP TS 23.038 §6.2.1, index = septet value. 0x1B is ESC, kept as a placeholder that never matches text.
export const DEFAULT_ALPHABET: string =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// 3GPP TS 23.038 §6.2.1.1 default extension table (ESC + code); 0x0A is the page break (form feed).
export const DEFAULT_EXTENSION: ReadonlyArray<readonly [number, string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
];
