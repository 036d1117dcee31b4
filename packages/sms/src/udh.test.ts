import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUdh, parseUdh, udhLength } from './udh.ts';

const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('buildUdh', () => {
  it('builds 8-bit and 16-bit concatenation headers', () => {
    expect(hex(buildUdh({ concat: { ref: 2, total: 2, seq: 1, refBits: 8 } }))).toBe('050003020201');
    expect(hex(buildUdh({ concat: { ref: 0x5add, total: 3, seq: 1, refBits: 16 } }))).toBe('0608045add0301');
  });

  it('adds the national language shift IEs', () => {
    expect(hex(buildUdh({ singleShift: 2 }))).toBe('03240102');
    expect(hex(buildUdh({ concat: { ref: 7, total: 2, seq: 2, refBits: 8 }, singleShift: 2 }))).toBe(
      '080003070202240102',
    );
    expect(hex(buildUdh({ lockingShift: 1 }))).toBe('03250101');
  });

  it('returns null when there is nothing to carry, and lengths match', () => {
    expect(buildUdh({})).toBeNull();
    expect(udhLength({})).toBe(0);
    expect(udhLength({ concat: { ref: 0, total: 2, seq: 1, refBits: 16 }, singleShift: 2 })).toBe(10);
  });
});

describe('parseUdh', () => {
  it('finds the concat IE anywhere in the header', () => {
    const udh = parseUdh(fromHex('0b0504400040010003dc0302' + '4869'));
    expect(udh?.concat).toEqual({ ref: 0xdc, total: 3, seq: 2, refBits: 8 });
    expect(hex(udh?.raw ?? null)).toBe('0b0504400040010003dc0302');
    expect(udh?.elements.map((e) => e.id)).toEqual([0x05, 0x00]);
  });

  it('reads 16-bit references and shift tables', () => {
    const udh = parseUdh(fromHex('0c0804beef02022401022501030000'));
    expect(udh).toMatchObject({
      concat: { ref: 0xbeef, total: 2, seq: 2, refBits: 16 },
      singleShift: 2,
      lockingShift: 3,
    });
  });

  it('ignores a concat IE with total 0 or seq 0 or seq > total', () => {
    expect(parseUdh(fromHex('050003010000'))?.concat).toBeUndefined();
    expect(parseUdh(fromHex('050003010200'))?.concat).toBeUndefined();
    expect(parseUdh(fromHex('050003010203'))?.concat).toBeUndefined();
  });

  it('returns null when UDHL overruns, and stops at an IE that overruns the header', () => {
    expect(parseUdh(fromHex('0600030102'))).toBeNull();
    expect(parseUdh(new Uint8Array(0))).toBeNull();
    const udh = parseUdh(fromHex('0700030a02012409ff41'));
    expect(udh?.concat).toEqual({ ref: 10, total: 2, seq: 1, refBits: 8 });
    expect(udh?.elements).toHaveLength(1);
  });

  it('parses what buildUdh builds', () => {
    const concat = fc.record({
      ref: fc.integer({ min: 0, max: 0xffff }),
      total: fc.integer({ min: 1, max: 255 }),
      refBits: fc.constantFrom(8 as const, 16 as const),
    });
    fc.assert(
      fc.property(
        concat,
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 1, max: 3 }),
        (c, seq, shift) => {
          const fields = {
            concat: { ...c, ref: c.refBits === 8 ? c.ref & 0xff : c.ref, seq: Math.min(seq, c.total) },
          };
          const udh = parseUdh(buildUdh({ ...fields, singleShift: shift }) ?? new Uint8Array(0));
          expect(udh?.concat).toEqual(fields.concat);
          expect(udh?.singleShift).toBe(shift);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void parseUdh(bytes)));
  });
});
