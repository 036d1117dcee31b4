import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeGsm7 } from './gsm7-codec.ts';
import { transliterate } from './transliteration.ts';

describe('transliterate', () => {
  it('replaces Spanish accents GSM lacks and keeps the ones it has', () => {
    const result = transliterate('Cita: miércoles, día 5 a las 9:30 en Atención Primaria. Ñandú, çà, Àlex');
    expect(result.text).toBe('Cita: miércoles, dia 5 a las 9:30 en Atencion Primaria. Ñandu, cà, Alex');
    expect(result.changes).toEqual([
      { index: 18, from: 'í', to: 'i' },
      { index: 43, from: 'ó', to: 'o' },
      { index: 60, from: 'ú', to: 'u' },
      { index: 63, from: 'ç', to: 'c' },
      { index: 67, from: 'À', to: 'A' },
    ]);
  });

  it('straightens typography', () => {
    expect(transliterate('“Hola” ‘tú’ – ya… — «fin»').text).toBe('"Hola" \'tu\' - ya... - "fin"');
  });

  it('reports what became ? with its UTF-16 index', () => {
    const result = transliterate('a😀b中');
    expect(result.text).toBe('a?b?');
    expect(result.changes).toEqual([
      { index: 1, from: '😀', to: '?' },
      { index: 4, from: '中', to: '?' },
    ]);
  });

  it('drops invisible characters and combining marks', () => {
    expect(transliterate('a\u200bb\ufeffc e\u0301').text).toBe('abc e');
  });

  it('always yields GSM 7-bit text, and changes nothing GSM already has', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const result = transliterate(s);
        expect(encodeGsm7(result.text).ok).toBe(true);
        for (const change of result.changes) expect(s.slice(change.index).startsWith(change.from)).toBe(true);
      }),
    );
  });
});
