import { broadcastRecipients, broadcasts, withTenant } from '@pregon/db';
import { AppError, LANES } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { auditActor, type ServiceContext } from '../context.ts';
import { CANCEL_BATCH, cancelPendingMessages, retryOnDeadlock } from './cancel-pending.ts';
import { type BroadcastView, getBroadcast } from './get.ts';
import { lockBroadcast } from './lifecycle.ts';
import type { BroadcastPrincipal } from './principal.ts';

/**
 * Cancels a broadcast: the fan-out stops, and every message of it not yet submitted (accepted,
 * scheduled, or queued and unclaimed) ends `cancelled` (`cancelled_by_user`) — the first 1,000 in
 * this transaction, the rest by `broadcast.cancel` jobs. Messages already on the wire go on. An
 * uploaded list is deleted with it. Cancelling a cancelled one answers the same view; a superseded one is CONFLICT.
 */
export async function cancelBroadcast({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<BroadcastView> {
  const now = ctx.now?.() ?? new Date();
  // Its row locks meet the submit claim's, taken in another order: a deadlock aborts one side, and this
  // whole transaction is safe to run again.
  await retryOnDeadlock(() =>
    withTenant(ctx.db, principal.tenantId, async (tx) => {
      const b = await lockBroadcast(tx, input.id);
      if (b.status === 'cancelled') return;
      if (b.status === 'superseded')
        throw new AppError('CONFLICT', 'The broadcast was superseded; cancel the one that replaced it');
      await tx
        .update(broadcasts)
        .set({ status: 'cancelled', finishedAt: b.finishedAt ?? now, updatedAt: now })
        .where(eq(broadcasts.id, b.id));
      // Its uploaded list (phone numbers) now, not when a step scheduled for later finds it cancelled.
      await tx.delete(broadcastRecipients).where(eq(broadcastRecipients.broadcastId, b.id));
      const { moved, last } = await cancelPendingMessages(tx, b.tenantId, ctx.queue, {
        broadcastId: b.id,
        reason: 'cancelled_by_user',
        detail: { by: auditActor(principal.actor) },
      });
      if (moved >= CANCEL_BATCH && last !== null)
        await ctx.queue.enqueue(
          tx,
          'broadcast.cancel',
          [{ tenantId: b.tenantId, broadcastIds: [b.id], reason: 'cancelled_by_user', after: last }],
          { priority: LANES[b.lane] },
        );
    }),
  );
  return getBroadcast({ ctx, input, principal });
}
