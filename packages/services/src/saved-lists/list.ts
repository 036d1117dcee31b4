import { savedLists, services, withTenant } from '@pregon/db';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { BroadcastPrincipal } from '../broadcasts/principal.ts';
import type { ServiceContext } from '../context.ts';
import { type SavedListView, savedListView } from './view.ts';

export const listSavedListsInput = z.object({ service: z.string().min(1).max(64).optional() });

/** The agency's saved lists, by service and name. */
export async function listSavedLists({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: z.input<typeof listSavedListsInput>;
  principal: BroadcastPrincipal;
}): Promise<{ lists: SavedListView[] }> {
  const data = listSavedListsInput.parse(input);
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const rows = await tx
      .select({
        id: savedLists.id,
        service: services.slug,
        name: savedLists.name,
        filter: savedLists.filter,
        createdAt: savedLists.createdAt,
      })
      .from(savedLists)
      .innerJoin(services, eq(services.id, savedLists.serviceId))
      .where(data.service === undefined ? undefined : eq(services.slug, data.service))
      .orderBy(asc(services.slug), asc(savedLists.name));
    return { lists: rows.map(savedListView) };
  });
}
