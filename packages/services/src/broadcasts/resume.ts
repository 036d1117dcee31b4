import { broadcasts, withTenant } from '@pregon/db';
import { AppError, LANES } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type BroadcastView, getBroadcast } from './get.ts';
import { lockBroadcast } from './lifecycle.ts';
import type { BroadcastPrincipal } from './principal.ts';

/**
 * Resumes a paused broadcast from where its fan-out stopped (at `sendAt` if that is still ahead).
 * A step of the paused run that is still queued finds the same cursor; whichever runs second is stale.
 */
export async function resumeBroadcast({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<BroadcastView> {
  const now = ctx.now?.() ?? new Date();
  await withTenant(ctx.db, principal.tenantId, async (tx) => {
    const b = await lockBroadcast(tx, input.id);
    if (b.status === 'running' || b.status === 'scheduled') return;
    if (b.status !== 'paused')
      throw new AppError('CONFLICT', `The broadcast is ${b.status}; only a paused one can be resumed`);
    const later = b.sendAt !== null && b.sendAt > now && b.startedAt === null;
    await tx
      .update(broadcasts)
      .set({ status: later ? 'scheduled' : 'running', updatedAt: now })
      .where(eq(broadcasts.id, b.id));
    await ctx.queue.enqueue(
      tx,
      'broadcast.fanout',
      [{ tenantId: b.tenantId, broadcastId: b.id, cursor: b.cursor }],
      { priority: LANES[b.lane], ...(later && b.sendAt ? { startAfter: b.sendAt } : {}) },
    );
  });
  return getBroadcast({ ctx, input, principal });
}
