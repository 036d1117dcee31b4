import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvDelimiter, detectDelimiter, parseCsv, writeCsv } from './csv.ts';

function fieldsOf(text: string, delimiter: CsvDelimiter = ',') {
  const r = parseCsv(text, delimiter);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.records.map((rec) => rec.fields);
}

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks inside fields', () => {
    const text = 'phone,note\r\n+34600000001,"Calle Mayor, 3"\r\n+34600000002,"dijo ""hola""\nadiós"\r\n';
    expect(fieldsOf(text)).toEqual([
      ['phone', 'note'],
      ['+34600000001', 'Calle Mayor, 3'],
      ['+34600000002', 'dijo "hola"\nadiós'],
    ]);
  });

  it('drops a BOM, accepts LF or CRLF, skips blank lines and keeps empty fields', () => {
    expect(fieldsOf('\uFEFFphone;district\n\n+34600000001;\r\n;CENTRO', ';')).toEqual([
      ['phone', 'district'],
      ['+34600000001', ''],
      ['', 'CENTRO'],
    ]);
  });

  it('numbers records by the line they start on', () => {
    const r = parseCsv('a,b\n"x\ny",1\nz,2\n', ',');
    expect(r.ok && r.records.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it('reports malformed quoting with its line', () => {
    expect(parseCsv('a\n"open\nstill open', ',')).toEqual({
      ok: false,
      line: 2,
      reason: 'a quoted field is never closed',
    });
    expect(parseCsv('a,b\nx,"q"z', ',')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('a,b\nx,ab"c', ',')).toMatchObject({
      ok: false,
      reason: 'a quote inside an unquoted field',
    });
  });
});

describe('detectDelimiter', () => {
  it('picks the semicolon of Spanish Excel, ignoring quoted separators', () => {
    expect(detectDelimiter('\uFEFFphone;language;district\r\n+34600000001;es;"A,B,C"')).toBe(';');
    expect(detectDelimiter('phone,"a;b;c"\n')).toBe(',');
    expect(detectDelimiter('phone\n+34600000001;x;y')).toBe(',');
  });
});

describe('writeCsv then parseCsv', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'ñ', ',', ';', '"', '\n', '\r', ' ', '\uFEFF', '€') });
  const table = fc
    .integer({ min: 1, max: 5 })
    .chain((width) => fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 8 }));

  for (const delimiter of [',', ';'] as const) {
    it(`round-trips any table with "${delimiter}"`, () => {
      fc.assert(
        fc.property(table, (rows) => {
          expect(fieldsOf(writeCsv(rows, delimiter), delimiter)).toEqual(rows);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('quotes only what needs quoting', () => {
    expect(
      writeCsv([
        ['phone', 'note'],
        ['+34600000001', 'a "b", c'],
      ]),
    ).toBe('phone,note\r\n+34600000001,"a ""b"", c"\r\n');
  });
});
