import { broadcasts, withTenant } from '@pregon/db';
import { LANES } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { CANCEL_BATCH, cancelPendingMessages } from './cancel-pending.ts';

/**
 * The `broadcast.cancel` job: per broadcast, one transaction cancels up to 1,000 unsent messages and,
 * when that many moved, enqueues the next round in the same transaction, so a million-message
 * broadcast is cancelled in short transactions that never block the submit path for long.
 */
export async function cancelBroadcastMessages({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    tenantId: string;
    broadcastIds: string[];
    reason: 'cancelled_by_user' | 'superseded';
    after?: string | undefined;
  };
}): Promise<{ cancelled: number }> {
  let cancelled = 0;
  for (const broadcastId of input.broadcastIds) {
    cancelled += await withTenant(ctx.db, input.tenantId, async (tx) => {
      const { moved, last } = await cancelPendingMessages(tx, input.tenantId, ctx.queue, {
        broadcastId,
        reason: input.reason,
        ...(input.after === undefined ? {} : { after: input.after }),
      });
      if (moved >= CANCEL_BATCH && last !== null) {
        const [b] = await tx
          .select({ lane: broadcasts.lane })
          .from(broadcasts)
          .where(eq(broadcasts.id, broadcastId));
        await ctx.queue.enqueue(
          tx,
          'broadcast.cancel',
          [{ tenantId: input.tenantId, broadcastIds: [broadcastId], reason: input.reason, after: last }],
          { priority: LANES[b?.lane ?? 'bulk'] },
        );
      }
      return moved;
    });
  }
  return { cancelled };
}
