import { services, subscribers, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, ServiceContext } from '../context.ts';
import { writeCsv } from './csv.ts';

export const exportSubscribersInput = z.object({ serviceSlug: z.string().min(1) });

/**
 * A service's active subscribers as CSV (`phone,language,<attributes...>`, comma, CRLF), in the
 * format `importSubscribers` reads, so an export can be imported back as it is.
 */
export async function exportSubscribers({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: z.input<typeof exportSubscribersInput>;
  actor: Actor;
}): Promise<{ csv: string; rows: number }> {
  const data = exportSubscribersInput.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [service] = await tx
      .select({ id: services.id })
      .from(services)
      .where(eq(services.slug, data.serviceSlug));
    if (!service) throw new AppError('NOT_FOUND', `No service "${data.serviceSlug}"`);
    const rows = await tx
      .select({
        phone: subscribers.phone,
        language: subscribers.language,
        attributes: subscribers.attributes,
      })
      .from(subscribers)
      .where(and(eq(subscribers.serviceId, service.id), eq(subscribers.status, 'active')))
      .orderBy(asc(subscribers.createdAt), asc(subscribers.phone));
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))].sort();
    const csv = writeCsv([
      ['phone', 'language', ...names],
      ...rows.map((r) => [r.phone, r.language, ...names.map((n) => r.attributes[n] ?? '')]),
    ]);
    return { csv, rows: rows.length };
  });
}
