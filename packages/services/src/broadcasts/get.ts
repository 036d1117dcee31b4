import { broadcasts, services, withTenant } from '@pregon/db';
import { AppError, type MessageStatus } from '@pregon/domain';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type BroadcastPrincipal, UUID } from './principal.ts';
import { type BroadcastSummary, broadcastSummary } from './view.ts';

const COUNTED: readonly MessageStatus[] = [
  'accepted',
  'scheduled',
  'queued',
  'submitted',
  'delivered',
  'failed',
  'rejected',
  'cancelled',
  'expired',
  'unknown',
];
const WAITING: readonly MessageStatus[] = ['accepted', 'scheduled', 'queued'];

export interface BroadcastProgress {
  /** Recipients matching the target when the fan-out started; null before it starts. */
  targeted: number | null;
  /** Messages created so far. */
  fannedOut: number;
  counts: Record<MessageStatus, number>;
  /** Still to be submitted: messages waiting, plus recipients not fanned out yet (unless stopped for good). */
  remaining: number;
  /** Messages that went to a carrier (claimed for submit) in the last minute. */
  ratePerMinute: number;
  /** Seconds until `remaining` reaches zero at that rate; null when nothing is moving. */
  etaSeconds: number | null;
}

export interface BroadcastView extends BroadcastSummary {
  progress: BroadcastProgress;
}

/**
 * A broadcast with its live progress: one grouped count over its messages (the
 * `(broadcast_id, status)` index). Another agency's broadcast is NOT_FOUND, like an unknown one.
 */
export async function getBroadcast({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { id: string };
  principal: BroadcastPrincipal;
}): Promise<BroadcastView> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', 'No such broadcast');
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const [found] = await tx
      .select({ b: broadcasts, service: services.slug })
      .from(broadcasts)
      .innerJoin(services, eq(services.id, broadcasts.serviceId))
      .where(eq(broadcasts.id, input.id));
    if (!found) throw new AppError('NOT_FOUND', 'No such broadcast');
    const since = new Date(now.getTime() - 60_000).toISOString();
    const rows = await tx.execute<{ status: MessageStatus; n: number; recent: number }>(sql`
      select status, count(*)::int as n,
        count(*) filter (where submit_claimed_at >= ${since}::timestamptz)::int as recent
      from messages where broadcast_id = ${input.id} group by status`);
    const counts = Object.fromEntries(COUNTED.map((s) => [s, 0])) as Record<MessageStatus, number>;
    let ratePerMinute = 0;
    for (const r of rows) {
      counts[r.status] = r.n;
      ratePerMinute += r.recent;
    }
    const { b } = found;
    const stillFanning = b.status === 'scheduled' || b.status === 'running' || b.status === 'paused';
    const notFannedOut = stillFanning && b.targeted !== null ? Math.max(0, b.targeted - b.fannedOut) : 0;
    const remaining = WAITING.reduce((n, s) => n + counts[s], 0) + notFannedOut;
    return {
      ...broadcastSummary(b, found.service),
      progress: {
        targeted: b.targeted,
        fannedOut: b.fannedOut,
        counts,
        remaining,
        ratePerMinute,
        etaSeconds: remaining > 0 && ratePerMinute > 0 ? Math.ceil((remaining / ratePerMinute) * 60) : null,
      },
    };
  });
}
