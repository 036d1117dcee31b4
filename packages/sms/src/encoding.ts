// The encodings we put on the wire and the policies a carrier route can choose from.

/** Alphabet of the bytes in short_message. */
export type Encoding = 'gsm7' | 'ucs2' | 'latin1';

/**
 * How to encode text for a route. `auto` is the cheapest lossless choice; `transliterate` is lossy but
 * always GSM 7-bit; `gsm7+<language>-shift` adds a national single shift table only when the text needs it.
 */
export type EncodingPolicy =
  | 'gsm7'
  | 'gsm7+spanish-shift'
  | 'gsm7+portuguese-shift'
  | 'gsm7+turkish-shift'
  | 'transliterate'
  | 'ucs2'
  | 'latin1'
  | 'auto';

// SMPP 3.4 §5.2.19 data_coding: 0x00 SMSC default (GSM 03.38 here), 0x03 Latin-1, 0x08 UCS-2.
export const DATA_CODING: Readonly<Record<Encoding, number>> = {
  gsm7: 0x00,
  latin1: 0x03,
  ucs2: 0x08,
};
