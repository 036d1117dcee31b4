import { STAT_STRIPES, type Tx } from '@pregon/db';
import type { Lane } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import { type SpendUnits, spendText } from '../quotas/spend.ts';

/** The statuses daily_message_stats counts: `queued` at prepare, the rest when they are entered. */
export const COUNTED_STATUSES = [
  'queued',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'rejected',
  'unknown',
] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

/** One message that really moved to a counted status in this transaction. */
export interface StatChange {
  serviceId: string | null;
  lane: Lane;
  status: CountedStatus;
  /** Only for `queued`: what it will cost on the carrier. */
  segments?: number;
  cost?: SpendUnits;
}

/**
 * Adds moved messages to the agency's day at `now` (its time zone) in one upsert. Callers pass only
 * messages the guarded transition really moved, so a retry adds nothing. Each connection writes its
 * own stripe of the day's rows (STAT_STRIPES), so transactions on different connections rarely wait
 * for each other's commit. Rows are locked in key order, and must be the last rows a transaction locks
 * (transition.ts does the same), so two transactions never wait on each other's stats rows in a cycle.
 */
export async function recordStats(tx: Tx, tenantId: string, now: Date, changes: StatChange[]): Promise<void> {
  const counted = changes.filter((c) => (COUNTED_STATUSES as readonly string[]).includes(c.status));
  if (counted.length === 0) return;
  const groups = new Map<string, Record<string, string | number | null>>();
  for (const c of counted) {
    const key = `${c.serviceId ?? ''}:${c.lane}`;
    const g = groups.get(key) ?? { s: c.serviceId, l: c.lane, segments: 0, cost: 0 };
    g[c.status] = Number(g[c.status] ?? 0) + 1;
    if (c.status === 'queued') {
      g.segments = Number(g.segments) + (c.segments ?? 0);
      g.cost = Number(g.cost) + (c.cost ?? 0);
    }
    groups.set(key, g);
  }
  const rows = [...groups.values()].map((g) => ({ ...g, cost: spendText(Number(g.cost)) }));
  await tx.execute(sql`
    insert into daily_message_stats as d (tenant_id, day, service_id, lane, queued, delivered, failed,
      expired, cancelled, rejected, unknown, segments, spend, stripe)
    select ${tenantId}, (${now.toISOString()}::timestamptz at time zone a.timezone)::date, v.s, v.l,
      coalesce(v.queued, 0), coalesce(v.delivered, 0), coalesce(v.failed, 0), coalesce(v.expired, 0),
      coalesce(v.cancelled, 0), coalesce(v.rejected, 0), coalesce(v.unknown, 0), v.segments, v.cost,
      pg_backend_pid() % ${STAT_STRIPES}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(s uuid, l text, queued int, delivered int,
      failed int, expired int, cancelled int, rejected int, unknown int, segments bigint, cost numeric)
    join agencies a on a.id = ${tenantId}
    order by v.s nulls first, v.l
    on conflict on constraint daily_message_stats_key do update set
      queued = d.queued + excluded.queued, delivered = d.delivered + excluded.delivered,
      failed = d.failed + excluded.failed, expired = d.expired + excluded.expired,
      cancelled = d.cancelled + excluded.cancelled, rejected = d.rejected + excluded.rejected,
      unknown = d.unknown + excluded.unknown, segments = d.segments + excluded.segments,
      spend = d.spend + excluded.spend`);
}
