/** The field separators a subscriber file may use: `,` (RFC 4180) or `;` (Spanish Excel). */
export type CsvDelimiter = ',' | ';';

/** A parsed record and the 1-based line it starts on (a quoted field may span several lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

const BOM = '\uFEFF';

/**
 * Picks the delimiter from the first record: `;` when it has more semicolons than commas outside
 * quotes (Excel in a Spanish locale), else `,`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text.startsWith(BOM) ? text.slice(1) : text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * RFC 4180 parser: quoted fields may hold the delimiter, `""` and line breaks; records end with CRLF
 * or LF; a leading BOM is dropped and blank lines are skipped. Errors are values, never thrown.
 * Example: `parseCsv('phone\n"+34 600"\n', ',')` -> records `[['phone'], ['+34 600']]`.
 */
export function parseCsv(input: string, delimiter: CsvDelimiter): CsvParse {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // A field is "touched" once it has content or quotes, so a blank line is not a record of one field.
  let touched = false;
  const endRecord = () => {
    if (touched || fields.length > 0) {
      fields.push(field);
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    touched = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      if (field !== '') return { ok: false, line, reason: 'a quote inside an unquoted field' };
      const start = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) return { ok: false, line: start, reason: 'a quoted field is never closed' };
      touched = true;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n')
        return { ok: false, line, reason: 'text after a closing quote' };
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      touched = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    touched = true;
    i++;
  }
  endRecord();
  return { ok: true, records };
}

function needsQuotes(value: string, delimiter: CsvDelimiter): boolean {
  return (
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    value.startsWith(BOM)
  );
}

/** RFC 4180 writer: CRLF after every record, fields quoted only when they must be. */
export function writeCsv(rows: readonly (readonly string[])[], delimiter: CsvDelimiter = ','): string {
  return rows
    .map((row) => {
      // A lone empty field would be a blank line, which readers skip: quote it.
      if (row.length === 1 && row[0] === '') return '""\r\n';
      const cells = row.map((v) => (needsQuotes(v, delimiter) ? `"${v.replaceAll('"', '""')}"` : v));
      return `${cells.join(delimiter)}\r\n`;
    })
    .join('');
}
