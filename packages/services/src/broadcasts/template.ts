import { AppError } from '@pregon/domain';

export const LANGUAGES = ['es', 'ca', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Templates = Partial<Record<Language, string>>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_BODY = 4_000;

/** The attribute names a template refers to, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Throws BAD_REQUEST naming the language when a placeholder is not an attribute name. */
export function checkTemplates(templates: Templates): void {
  for (const language of LANGUAGES) {
    const text = templates[language];
    if (text === undefined) continue;
    for (const name of placeholdersOf(text))
      if (!ATTRIBUTE_NAME.test(name))
        throw new AppError(
          'BAD_REQUEST',
          `templates.${language}: "{{${name}}}" is not a subscriber attribute name (lower-case letters, digits, _)`,
          { details: { field: `templates.${language}` } },
        );
  }
}

/** The template for a recipient's language, else the broadcast's default one. */
export function templateFor(templates: Templates, language: Language | null, fallback: Language): string {
  return (language === null ? undefined : templates[language]) ?? templates[fallback] ?? '';
}

export type Rendered =
  | { ok: true; body: string }
  | { ok: false; reason: string; detail: Record<string, unknown> };

/**
 * Fills `{{attribute}}` from the recipient's attributes. A missing or empty one is an error value
 * (the recipient's message is rejected with reason `missing_placeholder`), never an empty gap.
 * @example renderTemplate('Mesa {{mesa}}', { mesa: '12' }) // { ok: true, body: 'Mesa 12' }
 */
export function renderTemplate(template: string, attributes: Record<string, string>): Rendered {
  const missing: string[] = [];
  const body = template.replace(PLACEHOLDER, (_all, name: string) => {
    const value = attributes[name];
    if (value === undefined || value === '') {
      missing.push(name);
      return '';
    }
    return value;
  });
  if (missing.length > 0)
    return { ok: false, reason: 'missing_placeholder', detail: { missing: [...new Set(missing)] } };
  if (body.trim() === '') return { ok: false, reason: 'empty_body', detail: {} };
  if (body.length > MAX_BODY) return { ok: false, reason: 'body_too_long', detail: { length: body.length } };
  return { ok: true, body };
}
