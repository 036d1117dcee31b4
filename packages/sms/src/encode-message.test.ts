import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './analyze-message.ts';
import { decodeShortMessage } from './decode-short-message.ts';
import { type EncodedMessage, type EncodeOptions, encodeMessage } from './encode-message.ts';
import type { EncodingPolicy } from './encoding.ts';
import { DEFAULT_ALPHABET, DEFAULT_EXTENSION, ESC } from './gsm7-tables.ts';
import { singleShiftEntries } from './national-shift-tables.ts';
import { fillBitsAfterUdh, packSeptets } from './septet-packing.ts';

const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

function encoded(text: string, opts: EncodeOptions): EncodedMessage {
  const result = encodeMessage(text, opts);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function decodedText(message: EncodedMessage, packing: 'packed' | 'unpacked' = 'unpacked'): string {
  const udhi = message.esmClassUdhi;
  return message.segments
    .map((s) => decodeShortMessage(message.dataCoding, s.bytes, { udhi, gsm7Packing: packing }).text)
    .join('');
}

// Octets on the air once the SMSC packs GSM 7-bit: SMPP carries it unpacked, so bytes.length may exceed 140.
function airOctets(message: EncodedMessage, index: number): number {
  const segment = message.segments[index];
  if (!segment) return 0;
  if (message.encoding !== 'gsm7') return segment.bytes.length;
  const udhLength = segment.udh?.length ?? 0;
  return udhLength + packSeptets(segment.payload, fillBitsAfterUdh(udhLength)).length;
}

const partCount = (text: string, opts: EncodeOptions) => encoded(text, opts).segments.length;

describe('encodeMessage segment limits', () => {
  it.each([
    ['a', 160, 1],
    ['a', 161, 2],
    ['a', 153 * 2, 2],
    ['a', 153 * 2 + 1, 3],
    ['中', 70, 1],
    ['中', 71, 2],
    ['中', 67 * 2, 2],
    ['中', 67 * 2 + 1, 3],
  ])('%j x %i -> %i parts (8-bit ref)', (char, count, parts) => {
    expect(partCount(char.repeat(count), { policy: 'auto', reference: 1 })).toBe(parts);
  });

  it.each([
    ['a', 152 * 2, 2],
    ['a', 152 * 2 + 1, 3],
    ['中', 66 * 2, 2],
    ['中', 66 * 2 + 1, 3],
  ])('%j x %i -> %i parts (16-bit ref)', (char, count, parts) => {
    expect(partCount(char.repeat(count), { policy: 'auto', reference: 1, referenceBits: 16 })).toBe(parts);
  });

  it('counts extension characters as two septets', () => {
    expect(partCount('€'.repeat(80), { policy: 'gsm7' })).toBe(1);
    expect(partCount(`${'€'.repeat(80)}a`, { policy: 'gsm7' })).toBe(2);
  });

  it('allows 255 parts and rejects 256', () => {
    expect(partCount('a'.repeat(153 * 255), { policy: 'gsm7', reference: 9 })).toBe(255);
    expect(encodeMessage('a'.repeat(153 * 255 + 1), { policy: 'gsm7' })).toMatchObject({
      ok: false,
      error: { code: 'too_long' },
    });
    expect(partCount('中'.repeat(67 * 255), { policy: 'ucs2' })).toBe(255);
    expect(encodeMessage('中'.repeat(67 * 255 + 1), { policy: 'ucs2' })).toMatchObject({ ok: false });
  });
});

describe('encodeMessage boundaries', () => {
  it('never splits ESC from its character', () => {
    const message = encoded(`${'a'.repeat(152)}€${'b'.repeat(10)}`, { policy: 'gsm7', reference: 3 });
    const [first, second] = message.segments;
    expect(first?.payload).toEqual(new Uint8Array(152).fill(0x61));
    expect(hex(second?.payload ?? null)?.startsWith('1b65')).toBe(true);
    expect(hex(first?.udh ?? null)).toBe('050003030201');
  });

  it('never splits a surrogate pair', () => {
    const message = encoded(`${'a'.repeat(66)}😀${'b'.repeat(10)}`, { policy: 'auto', reference: 4 });
    expect(message.encoding).toBe('ucs2');
    expect(message.segments[0]?.payload).toHaveLength(132);
    expect(hex(message.segments[1]?.payload ?? null)?.startsWith('d83dde00')).toBe(true);
  });
});

describe('encodeMessage policies', () => {
  it('gives golden bytes for € ñ é @', () => {
    const message = encoded('€ñé@', { policy: 'gsm7' });
    expect(message).toMatchObject({ encoding: 'gsm7', dataCoding: 0, esmClassUdhi: false, shiftTable: null });
    expect(hex(message.segments[0]?.bytes ?? null)).toBe('1b657d0500');
    expect(message.segments[0]?.udh).toBeNull();
  });

  it('auto keeps plain GSM when é is the only accent', () => {
    const message = encoded('Cita confirmada: miércoles', { policy: 'auto' });
    expect(message).toMatchObject({ encoding: 'gsm7', shiftTable: null, esmClassUdhi: false });
  });

  it('auto picks the Spanish shift only when it saves parts', () => {
    const short = 'Cita confirmada: miércoles, día 5';
    expect(encoded(short, { policy: 'auto' }).encoding).toBe('ucs2');
    const long = `${short} a las 9:30 en el Centro de Salud. Traiga su tarjeta sanitaria.`;
    const message = encoded(long, { policy: 'auto' });
    expect(message).toMatchObject({
      encoding: 'gsm7',
      dataCoding: 0,
      shiftTable: 'spanish',
      esmClassUdhi: true,
    });
    expect(hex(message.segments[0]?.udh ?? null)).toBe('03240102');
    expect(analyzeMessage(long, 'ucs2').parts).toBe(2);
  });

  it('puts the shift IE in every part and shrinks parts to 149 septets', () => {
    const message = encoded(`${'a'.repeat(155)}á`, { policy: 'gsm7+spanish-shift', reference: 5 });
    expect(message.segments.map((s) => hex(s.udh))).toEqual(['080003050201240102', '080003050202240102']);
    expect(message.segments.map((s) => s.payload.length)).toEqual([149, 8]);
    expect(partCount(`${'a'.repeat(153)}á`, { policy: 'gsm7+spanish-shift' })).toBe(1);
  });

  it('uses no shift IE when the default alphabet suffices', () => {
    expect(encoded('Año nuevo', { policy: 'gsm7+spanish-shift' }).shiftTable).toBeNull();
  });

  it('returns unrepresentable characters as a value for gsm7', () => {
    const result = encodeMessage('Cita el miércoles, día 5 😀', { policy: 'gsm7' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unrepresentable', message: expect.stringContaining('í'), characters: ['í', '😀'] },
    });
    expect(encodeMessage('día 😀', { policy: 'gsm7+spanish-shift' })).toMatchObject({
      error: { characters: ['😀'] },
    });
  });

  it('rejects empty text', () => {
    expect(encodeMessage('', { policy: 'auto' })).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(encodeMessage('\u200b', { policy: 'transliterate' })).toMatchObject({ error: { code: 'empty' } });
  });

  it('transliterates and reports', () => {
    const message = encoded('Atención: “mañana”', { policy: 'transliterate' });
    expect(decodedText(message)).toBe('Atencion: "mañana"');
    expect(message.transliterated).toEqual([
      { index: 6, from: 'ó', to: 'o' },
      { index: 10, from: '“', to: '"' },
      { index: 17, from: '”', to: '"' },
    ]);
  });

  it('encodes Latin-1 with 134-octet parts', () => {
    const message = encoded(`Año${'x'.repeat(140)}`, { policy: 'latin1', reference: 1 });
    expect(message.dataCoding).toBe(3);
    expect(message.segments.map((s) => s.bytes.length)).toEqual([140, 6 + 9]);
    expect(encodeMessage('5€', { policy: 'latin1' })).toMatchObject({ error: { characters: ['€'] } });
  });

  it('masks the reference to its size and writes 16-bit references', () => {
    const eight = encoded('a'.repeat(200), { policy: 'gsm7', reference: 0x1ff });
    expect(hex(eight.segments[0]?.udh ?? null)).toBe('050003ff0201');
    const sixteen = encoded('a'.repeat(200), { policy: 'gsm7', reference: 0x5add, referenceBits: 16 });
    expect(hex(sixteen.segments[1]?.udh ?? null)).toBe('0608045add0202');
  });

  it('packs GSM 7-bit on request, aligned after the UDH', () => {
    expect(
      hex(encoded('hellohello', { policy: 'gsm7', gsm7Packing: 'packed' }).segments[0]?.bytes ?? null),
    ).toBe('e8329bfd4697d9ec37');
    const long = `${'Mañana {12} '.repeat(30)}fin`;
    const message = encoded(long, { policy: 'gsm7', gsm7Packing: 'packed', reference: 8 });
    expect(decodedText(message, 'packed')).toBe(long);
    expect(message.segments.filter((s) => s.bytes.length > 140)).toEqual([]);
  });
});

describe('encodeMessage properties', () => {
  const gsmChars = [...DEFAULT_ALPHABET].filter((_, code) => code !== ESC);
  const gsmText = fc.string({
    unit: fc.constantFrom(...gsmChars, ...DEFAULT_EXTENSION.map(([, c]) => c)),
    maxLength: 700,
  });
  const spanishText = fc.string({
    unit: fc.constantFrom(...gsmChars, ...singleShiftEntries('spanish').map(([, c]) => c)),
    maxLength: 700,
  });
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom('a', '€', '\ud83d', '\ude00', '😀'), maxLength: 300 }),
  );

  const roundTrips = (policy: EncodingPolicy, referenceBits: 8 | 16) => (text: string) => {
    const result = encodeMessage(text, { policy, reference: 77, referenceBits });
    if (text === '') {
      expect(result.ok).toBe(false);
      return;
    }
    if (!result.ok) throw new Error(result.error.message);
    const message = result.value;
    expect(decodedText(message)).toBe(text);
    expect(message.segments.map((_, i) => airOctets(message, i)).filter((n) => n > 140)).toEqual([]);
    expect(analyzeMessage(text, policy, { referenceBits }).parts).toBe(message.segments.length);
  };

  it('gsm7 text decodes back to itself across parts', () => {
    fc.assert(
      fc.property(gsmText, fc.constantFrom(8 as const, 16 as const), (t, bits) =>
        roundTrips('gsm7', bits)(t),
      ),
    );
  });

  it('Spanish-shift text decodes back to itself across parts', () => {
    fc.assert(
      fc.property(spanishText, fc.constantFrom(8 as const, 16 as const), (t, b) =>
        roundTrips('gsm7+spanish-shift', b)(t),
      ),
    );
  });

  it('any text decodes back to itself under ucs2 and auto', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(8 as const, 16 as const), (t, b) => roundTrips('ucs2', b)(t)),
    );
    fc.assert(
      fc.property(anyText, fc.constantFrom(8 as const, 16 as const), (t, b) => roundTrips('auto', b)(t)),
    );
  });

  it('transliterate always produces GSM 7-bit within 140 octets a part', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = encodeMessage(text, { policy: 'transliterate' });
        if (!result.ok) {
          expect(result.error.code).toBe('empty');
          return;
        }
        expect(result.value.encoding).toBe('gsm7');
        const sizes = result.value.segments.map((_, i) => airOctets(result.value, i));
        expect(sizes.filter((n) => n > 140)).toEqual([]);
      }),
    );
  });
});
