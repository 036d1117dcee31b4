import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMessageId } from './message-id.ts';

describe('normalizeMessageId', () => {
  it('ignores case, leading zeros, NULs and spaces', () => {
    expect(normalizeMessageId('00AbC1\0', 'auto')).toBe('abc1');
    expect(normalizeMessageId(' 000123 ', 'dec')).toBe('123');
    expect(normalizeMessageId('0000', 'auto')).toBe('0');
    expect(normalizeMessageId('', 'hex')).toBe('');
    expect(normalizeMessageId('\0', 'hex', 'receipt_tlv')).toBe('');
  });

  it("with 'hex', matches a hex submit_sm_resp id with the decimal id of the receipt text", () => {
    expect(normalizeMessageId('00FF', 'hex')).toBe('ff');
    expect(normalizeMessageId('255', 'hex', 'receipt_text')).toBe('ff');
    // The receipted_message_id TLV carries the submit_sm_resp form (SMPP 3.4 §5.3.2.12).
    expect(normalizeMessageId('00ff\0', 'hex', 'receipt_tlv')).toBe('ff');
    // A text id that is not decimal is taken as hex rather than lost.
    expect(normalizeMessageId('1A215856368000001', 'hex', 'receipt_text')).toBe('1a215856368000001');
  });

  it("keeps decimal ids decimal with 'dec' and 'auto'", () => {
    expect(normalizeMessageId('255', 'dec', 'receipt_text')).toBe('255');
    expect(normalizeMessageId('255', 'auto', 'receipt_text')).toBe('255');
  });

  it('keeps non-numeric ids (UUIDs) comparable', () => {
    const id = '6F1C2A9E-0B7D-4C5E-9A10-ABCDEF012345';
    expect(normalizeMessageId(id, 'hex')).toBe(normalizeMessageId(id.toLowerCase(), 'hex', 'receipt_text'));
  });

  it('property: any id written hex (any case, zero-padded) equals its decimal form under hex notation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }), fc.nat(8), fc.boolean(), (n, pad, upper) => {
        const hex = '0'.repeat(pad) + (upper ? n.toString(16).toUpperCase() : n.toString(16));
        expect(normalizeMessageId(hex, 'hex')).toBe(
          normalizeMessageId(n.toString(10), 'hex', 'receipt_text'),
        );
      }),
    );
  });

  it('property: auto notation is idempotent', () => {
    // Found by this property in CI: zeros then a space used to leave the space in front.
    expect(normalizeMessageId('0 !', 'auto')).toBe('!');
    expect(normalizeMessageId('0 00', 'auto')).toBe('0');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeMessageId(s, 'auto');
        expect(normalizeMessageId(once, 'auto')).toBe(once);
      }),
    );
  });
});
