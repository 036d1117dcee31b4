// ISO-8859-1 as SMPP carries it (data_coding 0x03): one octet per character, U+0000..U+00FF.

export type Latin1EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; characters: string[] };

/** Encodes text as ISO-8859-1, or names the characters outside it. `encodeLatin1('ñ') // f1` */
export function encodeLatin1(text: string): Latin1EncodeResult {
  const bytes: number[] = [];
  const missing = new Set<string>();
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) bytes.push(code);
    else missing.add(char);
  }
  if (missing.size > 0) return { ok: false, characters: [...missing] };
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

/** Decodes ISO-8859-1; every octet maps to the code point of the same value. Never throws. */
export function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
