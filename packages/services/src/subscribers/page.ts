import { services, subscribers, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import type { SubscriberView } from './list.ts';

export const pageSubscribersInput = z.object({
  serviceSlug: z.string().min(1),
  status: z.enum(['active', 'pending', 'opted_out']).optional(),
  language: z.enum(['es', 'ca', 'en']).optional(),
  /** Subscribers whose attribute `name` is exactly `value` (district = 12). */
  attribute: z
    .object({
      name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case attribute name (district, school)'),
      value: z.string().trim().min(1).max(40),
    })
    .optional(),
  /** Digits anywhere in the phone: '600 12' finds +34600123456. */
  phone: z.string().trim().max(20).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The last phone of the previous page. */
  after: z.string().max(20).optional(),
});

export interface SubscriberPage {
  subscribers: Array<SubscriberView & { updatedAt: string }>;
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/**
 * One page of a service's subscribers, by phone, filtered by status, language, an attribute value
 * or part of the phone. Keyset paging on (service, phone), the table's unique index, so the millionth
 * row costs what the first does.
 */
export async function pageSubscribers({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: z.input<typeof pageSubscribersInput>;
}): Promise<SubscriberPage> {
  const data = pageSubscribersInput.parse(input);
  const digits = data.phone?.replace(/\D/g, '') ?? '';
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [service] = await tx
      .select({ id: services.id })
      .from(services)
      .where(eq(services.slug, data.serviceSlug));
    if (!service) throw new AppError('NOT_FOUND', `No service "${data.serviceSlug}"`);
    const rows = await tx
      .select({
        phone: subscribers.phone,
        status: subscribers.status,
        language: subscribers.language,
        attributes: subscribers.attributes,
        updatedAt: subscribers.updatedAt,
      })
      .from(subscribers)
      .where(
        and(
          eq(subscribers.serviceId, service.id),
          data.status === undefined ? undefined : eq(subscribers.status, data.status),
          data.language === undefined ? undefined : eq(subscribers.language, data.language),
          data.attribute === undefined
            ? undefined
            : sql`${subscribers.attributes} @> ${JSON.stringify({ [data.attribute.name]: data.attribute.value })}::jsonb`,
          digits === '' ? undefined : sql`strpos(${subscribers.phone}, ${digits}) > 0`,
          data.after === undefined ? undefined : gt(subscribers.phone, data.after),
        ),
      )
      .orderBy(asc(subscribers.phone))
      .limit(data.limit + 1);
    const page = rows.slice(0, data.limit);
    const last = page.at(-1);
    return {
      subscribers: page.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
      next: rows.length > data.limit && last ? last.phone : null,
    };
  });
}
