import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './analyze-message.ts';

describe('analyzeMessage', () => {
  it('counts septets for GSM text, ESC pairs as two', () => {
    expect(analyzeMessage('Precio: 5€', 'auto')).toEqual({
      encoding: 'gsm7',
      shiftTable: null,
      parts: 1,
      unitsUsed: 11,
      unitsPerPart: 160,
      unitsRemainingInPart: 149,
      forcedUcs2: [],
      transliterated: [],
      unrepresentable: [],
    });
  });

  it('switches to concatenated capacity past one part', () => {
    expect(analyzeMessage('a'.repeat(161), 'auto')).toMatchObject({
      parts: 2,
      unitsUsed: 161,
      unitsPerPart: 153,
      unitsRemainingInPart: 145,
    });
  });

  it('names the characters that forced UCS-2 and counts code units', () => {
    expect(analyzeMessage('Hola 😀 ¿qué tal? día', 'auto')).toMatchObject({
      encoding: 'ucs2',
      parts: 1,
      unitsUsed: 21,
      unitsPerPart: 70,
      unitsRemainingInPart: 49,
      forcedUcs2: ['😀', 'í'],
    });
  });

  it('reports unrepresentable characters under gsm7 instead of failing', () => {
    expect(analyzeMessage('día 😀', 'gsm7')).toMatchObject({
      encoding: 'gsm7',
      unrepresentable: ['í', '😀'],
      parts: 1,
    });
  });

  it('reports 0 parts for empty text and more than 255 when too long', () => {
    expect(analyzeMessage('', 'auto')).toMatchObject({ parts: 0, unitsUsed: 0, unitsRemainingInPart: 160 });
    expect(analyzeMessage('a'.repeat(153 * 256), 'gsm7').parts).toBe(256);
  });

  it('counts with the 16-bit reference when asked', () => {
    expect(analyzeMessage('a'.repeat(305), 'gsm7', { referenceBits: 16 })).toMatchObject({
      parts: 3,
      unitsPerPart: 152,
    });
  });

  it('lists transliterations', () => {
    expect(analyzeMessage('Ramón', 'transliterate').transliterated).toEqual([
      { index: 3, from: 'ó', to: 'o' },
    ]);
  });
});
