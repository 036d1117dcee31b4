// UCS-2 as SMPP carries it (data_coding 0x08): UTF-16BE code units, surrogate pairs included.

/** Encodes text as UTF-16BE; lone surrogates pass through unchanged. `encodeUcs2('é') // 00 e9` */
export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
}

/** Decodes UTF-16BE code units, keeping lone surrogates; an odd trailing octet becomes U+FFFD. Never throws. */
export function decodeUcs2(bytes: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) units.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // Chunked so a long message_payload cannot overflow the argument limit of fromCharCode.
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.slice(i, i + 4096));
  return bytes.length % 2 === 1 ? `${text}\uFFFD` : text;
}
