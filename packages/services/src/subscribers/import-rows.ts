import { AppError, checkE164 } from '@pregon/domain';
import { wordsOf } from '../keywords/normalise.ts';
import { type CsvRecord, detectDelimiter, parseCsv } from './csv.ts';

export const IMPORT_LIMITS = { rows: 50_000, bytes: 10 * 1024 * 1024 } as const;

/** National numbers (no `+`, no `00`) are read in this country only when the import names it. */
export const DEFAULT_COUNTRIES = { ES: '34' } as const;
export type DefaultCountry = keyof typeof DEFAULT_COUNTRIES;

const LANGUAGES = ['es', 'ca', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_ATTRIBUTE_LENGTH = 200;

/** A problem with one row; `row` counts the header as row 1, as a spreadsheet does. */
export interface ImportRowError {
  row: number;
  field: string;
  reason: string;
}

export interface ImportCandidate {
  row: number;
  phone: string;
  language: Language;
  attributes: Record<string, string>;
}

/**
 * Reads a subscriber file: header (`phone` required, `language` optional, anything else an
 * attribute), then every row. File-level problems throw BAD_REQUEST; row problems are collected.
 * `argValues` maps an attribute set by a keyword argument to its allowed values.
 */
export function readSubscriberFile(
  csv: string,
  argValues: ReadonlyMap<string, readonly string[]>,
  defaultCountry: DefaultCountry | undefined,
): { rows: number; candidates: ImportCandidate[]; errors: ImportRowError[] } {
  if (Buffer.byteLength(csv, 'utf8') > IMPORT_LIMITS.bytes)
    throw new AppError(
      'BAD_REQUEST',
      `The file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MB: split it`,
    );
  const parsed = parseCsv(csv, detectDelimiter(csv));
  if (!parsed.ok) throw new AppError('BAD_REQUEST', `Line ${parsed.line}: ${parsed.reason}`);
  const [header, ...body] = parsed.records;
  if (!header) throw new AppError('BAD_REQUEST', 'The file is empty: it needs a header row with "phone"');
  if (body.length > IMPORT_LIMITS.rows)
    throw new AppError(
      'BAD_REQUEST',
      `The file has ${body.length} rows; at most ${IMPORT_LIMITS.rows} per import`,
    );
  const columns = readHeader(header);
  const candidates: ImportCandidate[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const [index, record] of body.entries()) {
    const row = index + 2;
    if (record.fields.length !== columns.length) {
      errors.push({
        row,
        field: '(row)',
        reason: `has ${record.fields.length} fields; the header has ${columns.length}`,
      });
      continue;
    }
    const rowErrors: ImportRowError[] = [];
    let phone: string | null = null;
    let language: Language = 'es';
    const attributes: Record<string, string> = {};
    for (const [i, column] of columns.entries()) {
      const value = (record.fields[i] ?? '').trim();
      if (column === 'phone') {
        const p = readPhone(value, defaultCountry);
        if (p.ok) phone = p.e164;
        else rowErrors.push({ row, field: 'phone', reason: p.reason });
      } else if (column === 'language') {
        const l = value.toLowerCase();
        if (l === '') continue;
        if (isLanguage(l)) language = l;
        else rowErrors.push({ row, field: 'language', reason: `"${value}" is not one of es, ca, en` });
      } else if (value !== '') {
        const a = readAttribute(value, argValues.get(column));
        if (a.ok) attributes[column] = a.value;
        else rowErrors.push({ row, field: column, reason: a.reason });
      }
    }
    if (phone !== null) {
      const first = seen.get(phone);
      if (first !== undefined) rowErrors.push({ row, field: 'phone', reason: `duplicates row ${first}` });
      else seen.set(phone, row);
    }
    if (rowErrors.length > 0 || phone === null) errors.push(...rowErrors);
    else candidates.push({ row, phone, language, attributes });
  }
  return { rows: body.length, candidates, errors };
}

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

function readHeader(header: CsvRecord): string[] {
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  if (!columns.includes('phone')) throw new AppError('BAD_REQUEST', 'The header row has no "phone" column');
  for (const [i, c] of columns.entries()) {
    if (columns.indexOf(c) !== i) throw new AppError('BAD_REQUEST', `The header names "${c}" twice`);
    if (c !== 'phone' && c !== 'language' && !ATTRIBUTE_NAME.test(c))
      throw new AppError(
        'BAD_REQUEST',
        `Column "${header.fields[i] ?? c}" is not an attribute name (lower-case letters, digits, _)`,
      );
  }
  return columns;
}

/** E.164, or `00` + country code, or a national number when a default country is given. */
function readPhone(
  value: string,
  defaultCountry: DefaultCountry | undefined,
): { ok: true; e164: string } | { ok: false; reason: string } {
  if (value === '') return { ok: false, reason: 'is empty' };
  const compact = value.replace(/[\s.\-()]/g, '');
  if (compact.startsWith('+')) return checkE164(compact);
  if (compact.startsWith('00')) return checkE164(`+${compact.slice(2)}`);
  if (defaultCountry === undefined)
    return {
      ok: false,
      reason: 'has no country code: write it as +34600000001, or import with defaultCountry ES',
    };
  return checkE164(`+${DEFAULT_COUNTRIES[defaultCountry]}${compact}`);
}

/** An attribute a keyword argument sets must be one of its values (matched as the keyword engine does). */
function readAttribute(
  value: string,
  allowed: readonly string[] | undefined,
): { ok: true; value: string } | { ok: false; reason: string } {
  if (value.length > MAX_ATTRIBUTE_LENGTH)
    return { ok: false, reason: `is longer than ${MAX_ATTRIBUTE_LENGTH} characters` };
  if (allowed === undefined) return { ok: true, value };
  const typed = wordsOf(value).join('');
  const match = allowed.find((v) => wordsOf(v).join('') === typed);
  if (match === undefined) return { ok: false, reason: `"${value}" is not one of ${allowed.join(', ')}` };
  return { ok: true, value: match };
}
