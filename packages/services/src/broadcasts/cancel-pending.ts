import { messages, type Tx } from '@pregon/db';
import { and, asc, eq, gt, inArray, isNull, ne, or } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { applyTransitions } from '../messages/transition.ts';

/** Messages of a broadcast cancelled per transaction (and per cancel job). */
export const CANCEL_BATCH = 1_000;

/**
 * Cancels up to `limit` messages of a broadcast that have not started going to a carrier: accepted,
 * scheduled, or queued and not claimed. The row locks order this against `claimForSubmit`, which
 * locks the same rows and only takes queued ones, so a cancelled message is never submitted.
 * With `phones`, only those recipients' (supersede, per fan-out batch). Without, they are walked in id
 * order from `after` (the broadcast's (broadcast_id, id) index: no index holds the status, so that
 * status updates stay HOT), and the last id cancelled is returned for the next round.
 */
export async function cancelPendingMessages(
  tx: Tx,
  tenantId: string,
  queue: JobQueue,
  input: {
    broadcastId: string;
    reason: 'cancelled_by_user' | 'superseded';
    detail?: Record<string, unknown>;
    phones?: string[];
    limit?: number;
    after?: string;
  },
): Promise<{ moved: number; last: string | null }> {
  if (input.phones !== undefined && input.phones.length === 0) return { moved: 0, last: null };
  const rows = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.broadcastId, input.broadcastId),
        inArray(messages.status, ['accepted', 'scheduled', 'queued']),
        or(ne(messages.status, 'queued'), isNull(messages.submitClaimedAt)),
        input.phones === undefined ? undefined : inArray(messages.toPhone, input.phones),
        input.after === undefined ? undefined : gt(messages.id, input.after),
      ),
    )
    .orderBy(asc(messages.id))
    .limit(input.limit ?? CANCEL_BATCH)
    .for('update');
  const moved = await applyTransitions(
    tx,
    tenantId,
    rows.map((r) => ({ id: r.id, status: 'cancelled', reason: input.reason, detail: input.detail ?? null })),
    queue,
  );
  return { moved: moved.length, last: rows.at(-1)?.id ?? null };
}

/** Runs `fn` again (up to 3 times) when PostgreSQL aborted it as a deadlock victim (SQLSTATE 40P01). */
export async function retryOnDeadlock<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 3 || !deadlocked(error)) throw error;
    }
  }
}

function deadlocked(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ((e as Error & { code?: unknown }).code === '40P01') return true;
  return false;
}
