import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShortMessage } from './decode-short-message.ts';

const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('decodeShortMessage', () => {
  it('decodes GSM 7-bit unpacked, with the extension table', () => {
    expect(decodeShortMessage(0x00, fromHex('1b657d0500')).text).toBe('€ñé@');
  });

  it('decodes by data_coding group: flash, UCS-2, Latin-1, IA5', () => {
    expect(decodeShortMessage(0xf0, fromHex('414c45525441')).text).toBe('ALERTA');
    expect(decodeShortMessage(0x08, fromHex('00f1d83dde00')).text).toBe('ñ😀');
    expect(decodeShortMessage(0x18, fromHex('00f1')).text).toBe('ñ');
    expect(decodeShortMessage(0x03, fromHex('41f16f')).text).toBe('Año');
    expect(decodeShortMessage(0x01, fromHex('486f6c61')).text).toBe('Hola');
  });

  it('returns binary payloads as hex', () => {
    const decoded = decodeShortMessage(0x04, fromHex('06050440004001010203'), { udhi: 0x40 });
    expect(decoded).toMatchObject({ alphabet: 'binary', text: '010203' });
    expect(decoded.udh?.elements).toEqual([{ id: 0x05, data: fromHex('40004001') }]);
  });

  it('strips the UDH only when UDHI is set', () => {
    const bytes = fromHex('0500030a0201486f6c61');
    expect(decodeShortMessage(0, bytes, { udhi: true })).toMatchObject({
      text: 'Hola',
      udh: { concat: { ref: 10, total: 2, seq: 1, refBits: 8 } },
    });
    expect(decodeShortMessage(0, bytes).udh).toBeNull();
  });

  it('applies the national single shift table named in the UDH', () => {
    const bytes = fromHex('03240102' + '1b611b691b6f1b751b09');
    expect(decodeShortMessage(0, bytes, { udhi: true }).text).toBe('áíóúç');
    expect(decodeShortMessage(0, bytes.subarray(4)).text).toBe('aiou\u00c7');
  });

  it('applies a locking shift table named in the UDH', () => {
    expect(decodeShortMessage(0, fromHex('032501010b0c07'), { udhi: true }).text).toBe('Ğğı');
  });

  it('decodes packed GSM 7-bit after a UDH', () => {
    // "Hi" after a 6-octet UDH: one fill bit, then septets 0x48 0x69.
    expect(
      decodeShortMessage(0, fromHex('050003010101' + '9069'), { udhi: true, gsm7Packing: 'packed' }).text,
    ).toBe('Hi');
  });

  it('never throws, whatever the peer sends', () => {
    const options = fc.record({
      udhi: fc.boolean(),
      gsm7Packing: fc.constantFrom('packed' as const, 'unpacked' as const),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: 0x1ff }),
        fc.uint8Array({ maxLength: 300 }),
        options,
        (dc, bytes, opts) => {
          expect(typeof decodeShortMessage(dc, bytes, opts).text).toBe('string');
        },
      ),
    );
  });
});
