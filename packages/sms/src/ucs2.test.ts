import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUcs2, encodeUcs2 } from './ucs2.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('UCS-2 / UTF-16BE', () => {
  it('encodes BMP characters and surrogate pairs big-endian', () => {
    expect(hex(encodeUcs2('Café ñ 😀'))).toBe('00430061006600e9002000f10020d83dde00');
  });

  it('keeps lone surrogates both ways (some SMSCs cut pairs)', () => {
    expect(hex(encodeUcs2('\ud83d'))).toBe('d83d');
    expect(decodeUcs2(Uint8Array.of(0xde, 0x00, 0x00, 0x41))).toBe('\ude00A');
  });

  it('turns an odd trailing octet into U+FFFD', () => {
    expect(decodeUcs2(Uint8Array.of(0x00, 0x41, 0x00))).toBe('A\uFFFD');
  });

  it('round-trips any UTF-16 string, lone surrogates included', () => {
    const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), units), (s) => decodeUcs2(encodeUcs2(s)) === s),
    );
  });

  it('decodes a long message_payload without overflowing the stack', () => {
    const text = 'ñ'.repeat(100_000);
    expect(decodeUcs2(encodeUcs2(text))).toBe(text);
  });
});
