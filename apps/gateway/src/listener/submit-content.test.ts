import type { MessageBody } from '@pregon/smpp';
import { encodeUcs2 } from '@pregon/sms';
import { describe, expect, it } from 'vitest';
import { destinationE164, requestedSender } from './submit-address.ts';
import { decodeParts, readSubmitContent } from './submit-content.ts';

function body(overrides: Partial<MessageBody>): MessageBody {
  return {
    serviceType: '',
    sourceTon: 0,
    sourceNpi: 0,
    sourceAddr: '',
    destTon: 1,
    destNpi: 1,
    destAddr: '34600000001',
    esmClass: 0,
    protocolId: 0,
    priority: 0,
    scheduleDeliveryTime: '',
    validityPeriod: '',
    registeredDelivery: 0,
    replaceIfPresent: 0,
    dataCoding: 0,
    smDefaultMsgId: 0,
    shortMessage: new Uint8Array(0),
    tlvs: [],
    ...overrides,
  };
}

describe('readSubmitContent', () => {
  it('finds the concatenation IE anywhere in the UDH, 8- and 16-bit references apart', () => {
    const udh8 = Uint8Array.of(8, 0x24, 1, 2, 0x00, 3, 0x11, 2, 1);
    const r8 = readSubmitContent(
      body({ esmClass: 0x40, shortMessage: Buffer.concat([udh8, Buffer.from('a')]) }),
    );
    const udh16 = Uint8Array.of(6, 0x08, 4, 0x00, 0x11, 2, 1);
    const r16 = readSubmitContent(
      body({ esmClass: 0x40, shortMessage: Buffer.concat([udh16, Buffer.from('a')]) }),
    );
    if (!r8.ok || !r16.ok) throw new Error('refused');
    expect(r8.part.position).toEqual({ ref: '8:17', total: 2, seq: 1 });
    expect(r8.part.singleShift).toBe(2);
    expect(r16.part.position).toEqual({ ref: '16:17', total: 2, seq: 1 });
  });

  it('refuses a UDH that overruns the message, both payload fields, binary codings and empty text', () => {
    expect(readSubmitContent(body({ esmClass: 0x40, shortMessage: Uint8Array.of(9, 0, 3) })).ok).toBe(false);
    const both = body({ shortMessage: Buffer.from('a'), tlvs: [{ tag: 0x0424, value: Buffer.from('b') }] });
    expect(readSubmitContent(both).ok).toBe(false);
    expect(readSubmitContent(body({ dataCoding: 0x04, shortMessage: Buffer.from('a') })).ok).toBe(false);
    expect(readSubmitContent(body({}))).toMatchObject({ ok: false, status: 0x01 });
  });

  it('joins parts before decoding, so a UTF-16 surrogate pair split between parts reads whole', () => {
    const bytes = encodeUcs2('a🙂');
    const parts = [bytes.subarray(0, 4), bytes.subarray(4)].map((payload) => ({
      dataCoding: 8,
      payload,
      position: null,
    }));
    expect(decodeParts(parts)).toBe('a🙂');
  });

  it('applies the Spanish single shift of the first part (GSM 7-bit, 0x1B 0x41 = Á)', () => {
    expect(
      decodeParts([{ dataCoding: 0, payload: Uint8Array.of(0x1b, 0x41), singleShift: 2, position: null }]),
    ).toBe('Á');
  });
});

describe('addresses', () => {
  it('takes international destinations and refuses national or malformed ones', () => {
    expect(destinationE164(1, '34600000001')).toEqual({ ok: true, value: '+34600000001' });
    expect(destinationE164(1, '+34600000001')).toEqual({ ok: true, value: '+34600000001' });
    expect(destinationE164(0, '+34600000001')).toEqual({ ok: true, value: '+34600000001' });
    expect(destinationE164(0, '600000001').ok).toBe(false);
    expect(destinationE164(2, '600000001').ok).toBe(false);
    expect(destinationE164(1, '34-600').ok).toBe(false);
  });
  it('reads the requested sender; empty means the default one', () => {
    expect(requestedSender(0, '')).toBeUndefined();
    expect(requestedSender(5, 'SALUT')).toBe('SALUT');
    expect(requestedSender(1, '34960000000')).toBe('+34960000000');
  });
});
