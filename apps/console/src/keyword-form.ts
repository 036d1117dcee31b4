import type { KeywordInput } from './api.ts';

export const KEYWORD_LANGUAGES = ['es', 'ca', 'en'] as const;
export type KeywordLanguage = (typeof KEYWORD_LANGUAGES)[number];

/** The add-keyword form as typed. */
export interface KeywordFields {
  number: string;
  serviceSlug: string;
  keyword: string;
  language: KeywordLanguage;
  /** `CITES:ca, APPOINTMENT:en` (comma or newline separated; no language: the keyword's). */
  aliases: string;
  argAttribute: string;
  /** `Centro, Norte` (comma or newline separated). */
  argValues: string;
  doubleOptIn: boolean;
}

export type KeywordField = keyof KeywordFields;

export type KeywordFormResult =
  | { ok: true; input: KeywordInput }
  | { ok: false; field: KeywordField; message: string };

function isLanguage(value: string): value is KeywordLanguage {
  return (KEYWORD_LANGUAGES as readonly string[]).includes(value);
}

function items(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The form's fields as the `keywords.add` input, or the first field that cannot be read and why.
 * Word rules (one word, not reserved, not taken) stay the server's: it answers with their message.
 * @example keywordInput({ ...f, aliases: 'CITES:ca' }) -> { ok: true, input: { aliases: [{ word: 'CITES', language: 'ca' }], ... } }
 */
export function keywordInput(f: KeywordFields): KeywordFormResult {
  if (f.number === '') return { ok: false, field: 'number', message: 'Choose a number.' };
  if (f.serviceSlug === '') return { ok: false, field: 'serviceSlug', message: 'Choose a service.' };
  if (f.keyword.trim() === '') return { ok: false, field: 'keyword', message: 'Type the keyword.' };
  const aliases: Array<{ word: string; language: KeywordLanguage }> = [];
  for (const item of items(f.aliases)) {
    const [word = '', language, ...extra] = item.split(':').map((s) => s.trim());
    const lang = (language ?? f.language).toLowerCase();
    if (word === '' || extra.length > 0)
      return { ok: false, field: 'aliases', message: `"${item}": write an alias as WORD or WORD:language.` };
    if (!isLanguage(lang))
      return { ok: false, field: 'aliases', message: `"${item}": the language must be es, ca or en.` };
    aliases.push({ word, language: lang });
  }
  const attribute = f.argAttribute.trim();
  const values = [...new Set(items(f.argValues))];
  if (attribute === '' && values.length > 0)
    return {
      ok: false,
      field: 'argAttribute',
      message: 'Name the attribute these values set (district, school).',
    };
  if (attribute !== '' && !/^[a-z][a-z0-9_]{0,39}$/.test(attribute))
    return {
      ok: false,
      field: 'argAttribute',
      message: 'The attribute is a lower-case name: letters, digits and _ (district, school).',
    };
  if (attribute !== '' && values.length === 0)
    return {
      ok: false,
      field: 'argValues',
      message: `List the values ${attribute} accepts, separated by commas.`,
    };
  return {
    ok: true,
    input: {
      number: f.number,
      serviceSlug: f.serviceSlug,
      keyword: f.keyword.trim(),
      language: f.language,
      aliases,
      ...(attribute === '' ? {} : { arg: { attribute, values } }),
      doubleOptIn: f.doubleOptIn,
    },
  };
}

/**
 * Which field a server refusal is about, so it shows beside that field: the word it names is the
 * keyword or one of the aliases; anything else (the number, the service) belongs to the form.
 */
export function fieldOfServerError(message: string, f: KeywordFields): KeywordField | null {
  const match =
    /^(?:"([^"]+)"|(\S+)) (?:must be one word|is reserved|is given twice|is already a keyword)/.exec(message);
  const named = match?.[1] ?? match?.[2];
  if (named === undefined) {
    if (/dedicated to another service|No number/.test(message)) return 'number';
    if (/No service|Several agencies have/.test(message)) return 'serviceSlug';
    return null;
  }
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  if (norm(f.keyword.trim()) === norm(named)) return 'keyword';
  if (items(f.aliases).some((a) => norm(a.split(':')[0]?.trim() ?? '') === norm(named))) return 'aliases';
  return 'keyword';
}
