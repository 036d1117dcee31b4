import { describe, expect, it } from 'vitest';
import { formatReceiptText, parseReceiptDate, parseReceiptText } from './receipt-text.ts';

describe('parseReceiptText', () => {
  it('reads the Appendix B format', () => {
    const f = parseReceiptText(
      'id:1a215856368000001 sub:001 dlvrd:001 submit date:2611260143 done date:2611260143 stat:DELIVRD err:000 text:Hola, prueba Kannel',
    );
    expect(f).toEqual({
      id: '1a215856368000001',
      sub: '001',
      dlvrd: '001',
      submitDate: '2611260143',
      doneDate: '2611260143',
      stat: 'DELIVRD',
      err: '000',
      text: 'Hola, prueba Kannel',
    });
  });

  it('is lenient: any case, extra spaces, underscores, missing and reordered fields', () => {
    const f = parseReceiptText('ID : 0042   Stat:undeliv  SUBMIT_DATE: 2611260143  Err:34');
    expect(f.id).toBe('0042');
    expect(f.stat).toBe('undeliv');
    expect(f.submitDate).toBe('2611260143');
    expect(f.err).toBe('34');
    expect(f.doneDate).toBeUndefined();
    expect(f.text).toBeUndefined();
  });

  it('keeps text after text: verbatim, even when it looks like a field', () => {
    expect(parseReceiptText('id:1 stat:DELIVRD text:reply stat:NO').text).toBe('reply stat:NO');
    expect(parseReceiptText('id:1 stat:DELIVRD err:000 text:').text).toBe('');
  });

  it('does not read "id" inside another word', () => {
    expect(parseReceiptText('paid:5 id:7').id).toBe('7');
  });

  it('returns nothing from garbage', () => {
    expect(parseReceiptText('\u0000\u0001 hello')).toEqual({});
  });
});

describe('receipt dates', () => {
  it('accepts YYMMDDhhmm and YYMMDDhhmmss as UTC', () => {
    expect(parseReceiptDate('2611260143')?.toISOString()).toBe('2026-11-26T01:43:00.000Z');
    expect(parseReceiptDate('261126014318')?.toISOString()).toBe('2026-11-26T01:43:18.000Z');
  });

  it('rejects impossible dates instead of inventing one', () => {
    expect(parseReceiptDate('2613260143')).toBeUndefined();
    expect(parseReceiptDate('26112601')).toBeUndefined();
    expect(parseReceiptDate('abc')).toBeUndefined();
    expect(parseReceiptDate(undefined)).toBeUndefined();
  });

  it('formats what it parses', () => {
    const d = new Date(Date.UTC(2026, 10, 26, 1, 43));
    const text = formatReceiptText({
      id: 'ab',
      submitDate: d,
      doneDate: d,
      stat: 'DELIVRD',
      err: '000',
      delivered: true,
      text: 'x'.repeat(30),
    });
    const f = parseReceiptText(text);
    expect(parseReceiptDate(f.doneDate)?.getTime()).toBe(d.getTime());
    expect(f.text).toHaveLength(20);
  });
});
