import { type SubscriberFilter, subscribers } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../broadcasts/template.ts';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const value = z.string().trim().min(1).max(200);

/**
 * A filter as callers write it: attribute -> value or values, and optionally `language`, e.g.
 * `{ "district": "12", "language": "ca" }` or `{ "district": ["11", "12"] }`.
 */
export const subscriberFilterInput = z
  .record(z.string(), z.union([value, z.array(value).min(1).max(100)]))
  .refine((r) => Object.keys(r).length <= 20, 'at most 20 attributes');

/** Splits `language` out of a written filter and checks every attribute name and the language. */
export function readFilter(
  raw: z.infer<typeof subscriberFilterInput>,
  field: string,
  language?: Language,
): SubscriberFilter {
  const where: Record<string, string | string[]> = {};
  let lang: Language | undefined = language;
  for (const [key, v] of Object.entries(raw)) {
    if (key === 'language') {
      if (typeof v !== 'string' || !(LANGUAGES as readonly string[]).includes(v))
        throw new AppError('BAD_REQUEST', `${field}.language must be one of es, ca, en`, {
          details: { field: `${field}.language` },
        });
      lang = v as Language;
      continue;
    }
    if (!ATTRIBUTE_NAME.test(key))
      throw new AppError(
        'BAD_REQUEST',
        `${field}: "${key}" is not an attribute name (lower-case letters, digits, _)`,
        {
          details: { field },
        },
      );
    where[key] = v;
  }
  return lang === undefined ? { where } : { where, language: lang };
}

/**
 * Active subscribers of a service matching the filter (none: all of them). Attribute tests are
 * containment (`attributes @> '{"district":"12"}'`, an OR of them for several values), which the GIN
 * index on attributes answers; `attributes ->> key = value` would read every subscriber of the service.
 */
export function subscriberMatch(serviceId: string, filter: SubscriberFilter | null): SQL {
  const conditions: SQL[] = [eq(subscribers.serviceId, serviceId), eq(subscribers.status, 'active')];
  if (filter) {
    for (const [key, v] of Object.entries(filter.where)) {
      const values = typeof v === 'string' ? [v] : v;
      const contains = values.map(
        (one) => sql`${subscribers.attributes} @> ${JSON.stringify({ [key]: one })}::jsonb`,
      );
      conditions.push(contains.length === 1 ? (contains[0] as SQL) : (or(...contains) as SQL));
    }
    if (filter.language !== undefined) conditions.push(eq(subscribers.language, filter.language));
  }
  return and(...conditions) as SQL;
}
