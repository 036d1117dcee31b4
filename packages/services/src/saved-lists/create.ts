import { savedLists, services, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { BroadcastPrincipal } from '../broadcasts/principal.ts';
import type { ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { readFilter, subscriberFilterInput } from './filter.ts';
import { type SavedListView, savedListView } from './view.ts';

export const createSavedListInput = z.object({
  service: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  /** `{ "district": "12", "language": "ca" }`; `{}` is every active subscriber of the service. */
  filter: subscriberFilterInput,
});

/** Saves a named subscriber filter of one service; the name is unique within the service. */
export async function createSavedList({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createSavedListInput>;
  principal: BroadcastPrincipal;
}): Promise<SavedListView> {
  const data = createSavedListInput.parse(input);
  const filter = readFilter(data.filter, 'filter');
  try {
    return await withTenant(ctx.db, principal.tenantId, async (tx) => {
      const [service] = await tx
        .select({ id: services.id, slug: services.slug })
        .from(services)
        .where(eq(services.slug, data.service));
      if (!service)
        throw new AppError('BAD_REQUEST', `Unknown service "${data.service}"`, {
          details: { field: 'service' },
        });
      const [row] = await tx
        .insert(savedLists)
        .values({ tenantId: principal.tenantId, serviceId: service.id, name: data.name, filter })
        .returning();
      if (!row) throw new AppError('INTERNAL', 'The list was not stored');
      return savedListView({ ...row, service: service.slug });
    });
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `The service already has a list named "${data.name}"`, {
        details: { field: 'name' },
      });
    throw error;
  }
}
