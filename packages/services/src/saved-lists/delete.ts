import { savedLists, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type BroadcastPrincipal, UUID } from '../broadcasts/principal.ts';
import type { ServiceContext } from '../context.ts';

/** Deletes a saved list. Broadcasts made from it keep their own copy of its filter. */
export async function deleteSavedList({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<{ id: string; deleted: true }> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', 'No such list');
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const gone = await tx
      .delete(savedLists)
      .where(eq(savedLists.id, input.id))
      .returning({ id: savedLists.id });
    if (gone.length === 0) throw new AppError('NOT_FOUND', 'No such list');
    return { id: input.id, deleted: true as const };
  });
}
