import { describe, expect, it } from 'vitest';
import type { Encoding } from './encoding.ts';
import { layoutSegments, unitsPerPart } from './segmentation.ts';
import { udhLength } from './udh.ts';

const concat8 = { concat: { ref: 0, total: 2, seq: 1, refBits: 8 as const } };
const concat16 = { concat: { ref: 0, total: 2, seq: 1, refBits: 16 as const } };

describe('unitsPerPart', () => {
  it.each<[Encoding, number, number]>([
    ['gsm7', 0, 160],
    ['gsm7', udhLength(concat8), 153],
    ['gsm7', udhLength(concat16), 152],
    ['gsm7', udhLength({ singleShift: 2 }), 155],
    ['gsm7', udhLength({ ...concat8, singleShift: 2 }), 149],
    ['gsm7', udhLength({ ...concat16, singleShift: 2 }), 148],
    ['ucs2', 0, 70],
    ['ucs2', udhLength(concat8), 67],
    ['ucs2', udhLength(concat16), 66],
    ['latin1', 0, 140],
    ['latin1', udhLength(concat8), 134],
    ['latin1', udhLength(concat16), 133],
  ])('%s beside a %i-octet UDH holds %i units', (encoding, udh, units) => {
    expect(unitsPerPart(encoding, udh)).toBe(units);
  });
});

describe('layoutSegments', () => {
  it('moves a two-unit character whole into the next part', () => {
    const costs = [...Array<number>(152).fill(1), 2, 1, 1, 1, 1, 1, 1, 1];
    const layout = layoutSegments(costs, 'gsm7', { shifted: false, refBits: 8 });
    expect(layout.parts).toEqual([
      { start: 0, end: 152 },
      { start: 152, end: 161 },
    ]);
    expect(layout).toMatchObject({ unitsPerPart: 153, concatenated: true });
  });

  it('lays out nothing for empty text', () => {
    expect(layoutSegments([], 'ucs2', { shifted: false, refBits: 8 })).toEqual({
      parts: [],
      unitsPerPart: 70,
      concatenated: false,
    });
  });
});
