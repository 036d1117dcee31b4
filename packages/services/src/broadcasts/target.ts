import { type BroadcastTarget, type SubscriberFilter, savedLists, subscribers, type Tx } from '@pregon/db';
import { AppError, checkE164 } from '@pregon/domain';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { readFilter, subscriberFilterInput, subscriberMatch } from '../saved-lists/filter.ts';
import { UUID } from './principal.ts';
import { LANGUAGES, type Language, placeholdersOf, type Templates, templateFor } from './template.ts';

export const UPLOAD_LIMIT = 50_000;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const language = z.enum(LANGUAGES);

export const uploadRecipientInput = z.object({
  phone: z.string().max(32),
  language: language.optional(),
  attributes: z.record(z.string(), z.string().max(200)).optional(),
});

export const broadcastTargetInput = z.discriminatedUnion('kind', [
  /** Every active subscriber of the service. */
  z.object({ kind: z.literal('service') }),
  /** Active subscribers whose attributes match (a value, or any of several), optionally of one language. */
  z.object({ kind: z.literal('query'), where: subscriberFilterInput, language: language.optional() }),
  z.object({ kind: z.literal('saved_list'), listId: z.string() }),
  /** Phones given in the request, with attributes for the placeholders; validated whole before anything is stored. */
  z.object({
    kind: z.literal('upload'),
    recipients: z.array(uploadRecipientInput).min(1).max(UPLOAD_LIMIT, `at most ${UPLOAD_LIMIT} recipients`),
  }),
]);
export type BroadcastTargetInput = z.infer<typeof broadcastTargetInput>;

export interface UploadRow {
  row: number;
  phone: string;
  language: Language | null;
  attributes: Record<string, string>;
}

/** A problem with one uploaded recipient; `row` is 1-based. */
export interface UploadRowError {
  row: number;
  field: string;
  reason: string;
}

/**
 * Checks every uploaded recipient (number, duplicates, attribute names, and that each placeholder
 * of the template in its language has a value). Any error: BAD_REQUEST with the report, nothing stored.
 */
export function readUpload(
  recipients: z.infer<typeof uploadRecipientInput>[],
  templates: Templates,
  defaultLanguage: Language,
): UploadRow[] {
  const rows: UploadRow[] = [];
  const errors: UploadRowError[] = [];
  const seen = new Map<string, number>();
  for (const [i, r] of recipients.entries()) {
    const row = i + 1;
    const before = errors.length;
    const phone = checkE164(r.phone.trim());
    if (!phone.ok) errors.push({ row, field: 'phone', reason: phone.reason });
    else {
      const first = seen.get(phone.e164);
      if (first !== undefined) errors.push({ row, field: 'phone', reason: `duplicates row ${first}` });
      else seen.set(phone.e164, row);
    }
    const attributes = r.attributes ?? {};
    for (const key of Object.keys(attributes))
      if (!ATTRIBUTE_NAME.test(key))
        errors.push({
          row,
          field: `attributes.${key}`,
          reason: 'is not an attribute name (lower-case letters, digits, _)',
        });
    for (const name of placeholdersOf(templateFor(templates, r.language ?? null, defaultLanguage)))
      if ((attributes[name] ?? '').trim() === '')
        errors.push({ row, field: `attributes.${name}`, reason: `missing: the template uses {{${name}}}` });
    if (errors.length === before && phone.ok)
      rows.push({ row, phone: phone.e164, language: r.language ?? null, attributes });
  }
  if (errors.length > 0)
    throw new AppError(
      'BAD_REQUEST',
      `${new Set(errors.map((e) => e.row)).size} of ${recipients.length} recipients are invalid; nothing was created`,
      { details: { field: 'target.recipients', errors: errors.slice(0, 200), errorCount: errors.length } },
    );
  return rows;
}

/** Resolves a target for storage: a saved list's filter is copied, an upload becomes its row count. */
export async function resolveTarget(
  tx: Tx,
  serviceId: string,
  target: BroadcastTargetInput,
  uploaded: number,
): Promise<BroadcastTarget> {
  switch (target.kind) {
    case 'service':
      return { kind: 'service' };
    case 'query':
      return { kind: 'query', ...readFilter(target.where, 'target.where', target.language) };
    case 'upload':
      return { kind: 'upload', recipients: uploaded };
    case 'saved_list': {
      const [list] = UUID.test(target.listId)
        ? await tx.select().from(savedLists).where(eq(savedLists.id, target.listId))
        : [];
      if (!list)
        throw new AppError('BAD_REQUEST', `No saved list ${target.listId}`, {
          details: { field: 'target.listId' },
        });
      if (list.serviceId !== serviceId)
        throw new AppError('BAD_REQUEST', `The list "${list.name}" belongs to another service`, {
          details: { field: 'target.listId' },
        });
      return { kind: 'saved_list', listId: list.id, ...list.filter };
    }
  }
}

/** The subscriber filter of a target (null: the whole service); uploads have none. */
export function filterOf(target: BroadcastTarget): SubscriberFilter | null {
  return target.kind === 'query' || target.kind === 'saved_list'
    ? { where: target.where, ...(target.language === undefined ? {} : { language: target.language }) }
    : null;
}

/** A key equal for two targets that reach the same subscribers; null for uploads (never compared). */
export function audienceKey(target: BroadcastTarget): string | null {
  if (target.kind === 'upload') return null;
  const filter = filterOf(target) ?? { where: {} };
  const where = Object.keys(filter.where)
    .sort()
    .map((k) => {
      const v = filter.where[k] ?? [];
      return [k, typeof v === 'string' ? [v] : [...v].sort()];
    });
  return JSON.stringify([where, filter.language ?? null]);
}

/**
 * Catches a mistyped placeholder before anything is sent: BAD_REQUEST when not one subscriber of the
 * target has the attribute (`{{distrito}}` where subscribers have `district`). Recipients who lack an
 * attribute others have are rejected one by one at fan-out instead. An empty audience is not checked.
 */
export async function checkPlaceholders(
  tx: Tx,
  serviceId: string,
  target: BroadcastTarget,
  templates: Templates,
): Promise<void> {
  if (target.kind === 'upload') return;
  const filter = filterOf(target);
  const match = subscriberMatch(serviceId, filter);
  const [any] = await tx.select({ one: sql<number>`1` }).from(subscribers).where(match).limit(1);
  if (!any) return;
  for (const language of LANGUAGES) {
    const text = templates[language];
    if (text === undefined) continue;
    for (const name of placeholdersOf(text)) {
      if (filter !== null && name in filter.where) continue;
      const [has] = await tx
        .select({ one: sql<number>`1` })
        .from(subscribers)
        .where(and(match, sql`${subscribers.attributes} ->> ${name} is not null`))
        .limit(1);
      if (!has)
        throw new AppError(
          'BAD_REQUEST',
          `templates.${language}: no subscriber of this target has "${name}", used as {{${name}}}`,
          { details: { field: `templates.${language}` } },
        );
    }
  }
}
