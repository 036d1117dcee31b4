// How to read short_message for a data_coding value: SMPP 3.4 §5.2.19 values in 0x00-0x0F, GSM DCS groups above.

/** Alphabet of received octets; `binary` covers 8-bit data, compressed text and charsets we do not decode. */
export type ReceivedAlphabet = 'gsm7' | 'ucs2' | 'latin1' | 'ascii' | 'binary';

// SMPP 3.4 §5.2.19: 0 default, 1 IA5, 2/4 octets, 3 Latin-1, 5 JIS, 6 Cyrillic, 7 Hebrew, 8 UCS-2,
// 9 pictogram, 0xA ISO-2022-JP, 0xD JIS X 0212, 0xE KS C 5601; 0xB, 0xC, 0xF reserved.
const SMPP_VALUES: readonly ReceivedAlphabet[] = [
  'gsm7',
  'ascii',
  'binary',
  'latin1',
  'binary',
  'binary',
  'binary',
  'binary',
  'ucs2',
  'binary',
  'binary',
  'gsm7',
  'gsm7',
  'binary',
  'binary',
  'gsm7',
];

// 3GPP TS 23.038 §4 alphabet bits (3..2) of the general and automatic-deletion groups.
function generalGroup(dcs: number): ReceivedAlphabet {
  if (dcs & 0x20) return 'binary'; // compressed text; we do not implement 3GPP TS 23.042
  const alphabet = (dcs >> 2) & 0x03;
  if (alphabet === 0x01) return 'binary';
  if (alphabet === 0x02) return 'ucs2';
  return 'gsm7'; // 0b11 is reserved: 23.038 says assume the default alphabet
}

/**
 * Alphabet for a data_coding octet, by its high nibble; reserved codings read as GSM 7-bit
 * (3GPP TS 23.038 §4). `receivedAlphabet(0xf0) // 'gsm7'`, `receivedAlphabet(0xf4) // 'binary'`
 */
export function receivedAlphabet(dataCoding: number): ReceivedAlphabet {
  const dcs = dataCoding & 0xff;
  const group = dcs >> 4;
  if (group === 0x0) return SMPP_VALUES[dcs] ?? 'gsm7';
  if (group <= 0x07) return generalGroup(dcs);
  if (group <= 0x0b) return 'gsm7'; // reserved coding groups
  if (group <= 0x0d) return 'gsm7'; // message waiting indication, GSM 7-bit
  if (group === 0x0e) return 'ucs2'; // message waiting indication, UCS-2
  return dcs & 0x04 ? 'binary' : 'gsm7'; // 0xFX data coding / message class: bit 2 selects 8-bit
}
