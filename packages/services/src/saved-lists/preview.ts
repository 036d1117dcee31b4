import { savedLists, services, subscribers, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { count, eq } from 'drizzle-orm';
import { type BroadcastPrincipal, UUID } from '../broadcasts/principal.ts';
import type { ServiceContext } from '../context.ts';
import { subscriberMatch } from './filter.ts';

/** How many active subscribers a saved list matches right now (what a broadcast to it would target). */
export async function previewSavedList({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<{ id: string; service: string; count: number }> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', 'No such list');
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const [list] = await tx
      .select({ serviceId: savedLists.serviceId, filter: savedLists.filter, service: services.slug })
      .from(savedLists)
      .innerJoin(services, eq(services.id, savedLists.serviceId))
      .where(eq(savedLists.id, input.id));
    if (!list) throw new AppError('NOT_FOUND', 'No such list');
    const [row] = await tx
      .select({ n: count() })
      .from(subscribers)
      .where(subscriberMatch(list.serviceId, list.filter));
    return { id: input.id, service: list.service, count: row?.n ?? 0 };
  });
}
