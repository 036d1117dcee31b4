import { broadcasts, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type BroadcastView, getBroadcast } from './get.ts';
import { lockBroadcast } from './lifecycle.ts';
import type { BroadcastPrincipal } from './principal.ts';

/**
 * Pauses a scheduled or running broadcast: the fan-out stops at its next step. Messages already
 * created keep going; cancel stops those. Pausing a paused one answers the same view.
 */
export async function pauseBroadcast({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<BroadcastView> {
  await withTenant(ctx.db, principal.tenantId, async (tx) => {
    const b = await lockBroadcast(tx, input.id);
    if (b.status === 'paused') return;
    if (b.status !== 'running' && b.status !== 'scheduled')
      throw new AppError(
        'CONFLICT',
        `The broadcast is ${b.status}; only a scheduled or running one can be paused`,
      );
    await tx
      .update(broadcasts)
      .set({ status: 'paused', updatedAt: ctx.now?.() ?? new Date() })
      .where(eq(broadcasts.id, b.id));
  });
  return getBroadcast({ ctx, input, principal });
}
