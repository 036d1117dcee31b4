// SMPP 3.4 §5.2.19 data_coding: 0x00 SMSC default (GSM 03.38, one septet per octet), 0x08 UCS-2.
const DC_DEFAULT = 0x00;
const DC_UCS2 = 0x08;

// Printable ASCII where GSM 03.38 has the same code point (not @ $ _ ` and the extension characters).
const GSM_SAFE_ASCII = /^[\n\r !"#%&'()*+,\-./0-9:;<=>?A-Za-z]*$/;

/**
 * Minimal MO text encoding for the simulator: ASCII that GSM 03.38 shares, as Net::SMPP does, else UCS-2.
 * Real GSM encoding lives in @pregon/sms; the simulator must not depend on it.
 */
export function encodeMoText(text: string): { dataCoding: number; bytes: Uint8Array } {
  if (GSM_SAFE_ASCII.test(text)) return { dataCoding: DC_DEFAULT, bytes: Buffer.from(text, 'latin1') };
  const bytes = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i += 1) bytes.writeUInt16BE(text.charCodeAt(i), i * 2);
  return { dataCoding: DC_UCS2, bytes };
}
