import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillBitsAfterUdh, packSeptets, unpackSeptets } from './septet-packing.ts';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('septet packing', () => {
  it('packs the 3GPP TS 23.038 example "hellohello"', () => {
    expect(hex(packSeptets(ascii('hellohello')))).toBe('e8329bfd4697d9ec37');
  });

  it('pads 7 spare bits with CR, not @, and drops that CR when unpacking', () => {
    const packed = packSeptets(ascii('1234567'));
    expect(packed).toHaveLength(7);
    expect((packed[6] ?? 0) >> 1).toBe(0x0d);
    expect(unpackSeptets(packed)).toEqual(ascii('1234567'));
  });

  it('keeps a real trailing CR when the count is given', () => {
    const text = ascii('abcdefg\r');
    expect(unpackSeptets(packSeptets(text), 0, 8)).toEqual(text);
  });

  it('aligns after a UDH with fill bits', () => {
    expect(fillBitsAfterUdh(0)).toBe(0);
    expect(fillBitsAfterUdh(6)).toBe(1);
    expect(fillBitsAfterUdh(7)).toBe(0);
    expect(fillBitsAfterUdh(4)).toBe(3);
  });

  it('round-trips any septets with any fill', () => {
    const septets = fc
      .array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 200 })
      .map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(septets, fc.integer({ min: 0, max: 6 }), (s, fill) => {
        expect(unpackSeptets(packSeptets(s, fill), fill, s.length)).toEqual(s);
      }),
    );
  });

  it('never overreads', () => {
    expect(unpackSeptets(Uint8Array.of(0xff), 0, 50)).toHaveLength(1);
    expect(unpackSeptets(new Uint8Array(0), 6)).toHaveLength(0);
  });
});
