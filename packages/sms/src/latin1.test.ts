import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLatin1, encodeLatin1 } from './latin1.ts';

describe('ISO-8859-1', () => {
  it('encodes one octet per character', () => {
    expect(encodeLatin1('Año ¿sí?')).toEqual({
      ok: true,
      bytes: Uint8Array.of(0x41, 0xf1, 0x6f, 0x20, 0xbf, 0x73, 0xed, 0x3f),
    });
  });

  it('names the characters outside Latin-1', () => {
    expect(encodeLatin1('5€ 😀 €')).toEqual({ ok: false, characters: ['€', '😀'] });
  });

  it('round-trips any octets', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        const encoded = encodeLatin1(decodeLatin1(bytes));
        expect(encoded).toEqual({ ok: true, bytes });
      }),
    );
  });
});
