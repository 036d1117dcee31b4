import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGsm7, encodeGsm7, gsm7SeptetsOf } from './gsm7-codec.ts';
import { DEFAULT_ALPHABET, DEFAULT_EXTENSION, ESC } from './gsm7-tables.ts';
import { type ShiftTable, singleShiftEntries } from './national-shift-tables.ts';

const septets = (...values: number[]) => Uint8Array.from(values);
const baseChars = [...DEFAULT_ALPHABET].filter((_, code) => code !== ESC);
const alphabetOf = (shift: ShiftTable | null) => [
  ...baseChars,
  ...singleShiftEntries(shift).map(([, c]) => c),
];

describe('GSM 03.38 default alphabet', () => {
  it.each([
    ['@', [0x00]],
    ['£', [0x01]],
    ['$', [0x02]],
    ['é', [0x05]],
    ['Ç', [0x09]],
    ['\n', [0x0a]],
    ['_', [0x11]],
    ['ñ', [0x7d]],
    ['Ñ', [0x5d]],
    ['ü', [0x7e]],
    ['¿', [0x60]],
    ['¡', [0x40]],
    ['à', [0x7f]],
    ['A', [0x41]],
    ['€', [0x1b, 0x65]],
    ['^', [0x1b, 0x14]],
    ['{', [0x1b, 0x28]],
    ['}', [0x1b, 0x29]],
    ['\\', [0x1b, 0x2f]],
    ['[', [0x1b, 0x3c]],
    ['~', [0x1b, 0x3d]],
    [']', [0x1b, 0x3e]],
    ['|', [0x1b, 0x40]],
    ['\f', [0x1b, 0x0a]],
  ])('encodes %j as %j', (char, expected) => {
    expect(gsm7SeptetsOf(char)).toEqual(expected);
    expect(decodeGsm7(Uint8Array.from(expected))).toBe(char);
  });

  it('has 128 base characters and the 10 extension ones', () => {
    expect(DEFAULT_ALPHABET).toHaveLength(128);
    expect(DEFAULT_EXTENSION.map(([, c]) => c).join('')).toBe('\f^{}\\[~]|€');
  });

  it('names what it cannot encode, once each', () => {
    expect(encodeGsm7('á à á 😀 ç')).toEqual({ ok: false, characters: ['á', '😀', 'ç'] });
    expect(encodeGsm7('\u001b')).toEqual({ ok: false, characters: ['\u001b'] });
  });

  it('decodes unknown ESC sequences as the base character, ESC ESC as space, drops a trailing ESC', () => {
    expect(decodeGsm7(septets(ESC, 0x41))).toBe('A');
    expect(decodeGsm7(septets(ESC, ESC, 0x41))).toBe(' A');
    expect(decodeGsm7(septets(0x41, ESC))).toBe('A');
  });

  it('decodes octets above 0x7F as U+FFFD instead of throwing', () => {
    expect(decodeGsm7(septets(0x41, 0x80, ESC, 0xff))).toBe('A\uFFFD\uFFFD');
  });

  it('round-trips any text over the default alphabet and extension table', () => {
    const text = fc.string({ unit: fc.constantFrom(...alphabetOf(null)), maxLength: 400 });
    fc.assert(
      fc.property(text, (s) => {
        const encoded = encodeGsm7(s);
        expect(encoded.ok).toBe(true);
        if (encoded.ok) expect(decodeGsm7(encoded.septets)).toBe(s);
      }),
    );
  });

  it('decodes any septets without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => typeof decodeGsm7(bytes) === 'string'),
    );
  });
});

describe('national language single shift tables', () => {
  it.each([
    ['spanish', 'á', [ESC, 0x61]],
    ['spanish', 'í', [ESC, 0x69]],
    ['spanish', 'ó', [ESC, 0x6f]],
    ['spanish', 'ú', [ESC, 0x75]],
    ['spanish', 'ç', [ESC, 0x09]],
    ['spanish', 'Á', [ESC, 0x41]],
    ['spanish', 'Í', [ESC, 0x49]],
    ['spanish', 'Ó', [ESC, 0x4f]],
    ['spanish', 'Ú', [ESC, 0x55]],
    ['spanish', '€', [ESC, 0x65]],
    ['spanish', 'é', [0x05]],
    ['portuguese', 'ã', [ESC, 0x7b]],
    ['portuguese', 'Ê', [ESC, 0x1f]],
    ['portuguese', 'â', [ESC, 0x7f]],
    ['turkish', 'ş', [ESC, 0x73]],
    ['turkish', 'İ', [ESC, 0x49]],
    ['turkish', 'ı', [ESC, 0x69]],
  ] as const)('%s encodes %j as %j', (shift, char, expected) => {
    expect(gsm7SeptetsOf(char, shift)).toEqual(expected);
    expect(decodeGsm7(Uint8Array.from(expected), { singleShift: shift })).toBe(char);
  });

  it('keeps á out of the default alphabet', () => {
    expect(gsm7SeptetsOf('á')).toBeNull();
  });

  it.each(['spanish', 'portuguese', 'turkish'] as const)('round-trips text over the %s alphabet', (shift) => {
    const text = fc.string({ unit: fc.constantFrom(...alphabetOf(shift)), maxLength: 300 });
    fc.assert(
      fc.property(text, (s) => {
        const encoded = encodeGsm7(s, shift);
        expect(encoded.ok).toBe(true);
        if (encoded.ok) expect(decodeGsm7(encoded.septets, { singleShift: shift })).toBe(s);
      }),
    );
  });

  it('shows the base character for a single-shift code the table lacks', () => {
    expect(decodeGsm7(septets(ESC, 0x62), { singleShift: 'spanish' })).toBe('b');
  });
});

describe('national language locking shift tables', () => {
  it('reads Turkish and Portuguese base tables, and the default one for Spanish (void)', () => {
    expect(decodeGsm7(septets(0x04, 0x07, 0x40, 0x60), { lockingShift: 'turkish' })).toBe('€ıİç');
    expect(decodeGsm7(septets(0x04, 0x12, 0x7d), { lockingShift: 'portuguese' })).toBe('êª`');
    expect(decodeGsm7(septets(0x04), { lockingShift: 'spanish' })).toBe('è');
  });
});
