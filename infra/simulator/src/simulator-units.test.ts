import { describe, expect, it } from 'vitest';
import { formatMessageId, MessageIdSource } from './message-id-source.ts';
import { encodeMoText } from './mo-encoding.ts';
import { SubmitHistory } from './submit-history.ts';

describe('SubmitHistory', () => {
  it('keeps only the newest entries, oldest first', () => {
    const h = new SubmitHistory<number>(3);
    for (let i = 1; i <= 5; i += 1) h.push(i);
    expect(h.toArray()).toEqual([3, 4, 5]);
    expect(h.size).toBe(3);
    h.clear();
    expect(h.toArray()).toEqual([]);
  });
});

describe('message ids', () => {
  it('are unique, and hex ids are upper-case and zero-padded', () => {
    const ids = new MessageIdSource(254n);
    const a = ids.next();
    expect(formatMessageId(a, 'hex')).toBe('00000000000000FF');
    expect(formatMessageId(a, 'dec')).toBe('255');
    expect(ids.next()).not.toBe(a);
  });
});

describe('encodeMoText', () => {
  it('sends plain ASCII as data_coding 0 and anything else as UCS-2', () => {
    expect(encodeMoText('BAJA')).toEqual({ dataCoding: 0, bytes: Buffer.from('BAJA') });
    const ucs2 = encodeMoText('Sí');
    expect(ucs2.dataCoding).toBe(8);
    expect(Buffer.from(ucs2.bytes).toString('hex')).toBe('005300ed');
    // '@' differs between ASCII and GSM 03.38, so it must not go out as an ASCII octet.
    expect(encodeMoText('a@b').dataCoding).toBe(8);
  });
});
