import { agencies, sessions, withNoTenant, withPlatform } from '@pregon/db';
import { sql } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { type AgencyPurge, redactAgency } from './redact-agency.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Idempotency-Key answers are replayed for 24 h (docs/api/README.md), then forgotten. */
const IDEMPOTENCY_MS = DAY_MS;
/**
 * The hourly run looks this far behind each cutoff: a message becomes final within days, so older
 * rows were redacted by earlier runs. `full` looks at everything (first run, or after a long stop).
 */
const LOOKBACK_DAYS = 30;

export interface RetentionRun {
  agencies: Array<{ slug: string; days: number } & AgencyPurge>;
  sessions: number;
  /** Phones forgotten by the per-recipient cap (nothing sent to them in the last hour). */
  recipientCaps: number;
}

/**
 * Redacts personal data past each agency's retention (agencies.retention_days): message bodies and
 * references emptied, phone numbers masked, history details, MO texts and webhook payloads dropped;
 * deletes expired sessions and Idempotency-Key answers older than 24 h, and forgets phones the
 * per-recipient cap no longer needs. daily_message_stats holds no personal data and is kept.
 * @example await purgeExpiredPersonalData({ ctx, input: {}, actor: { kind: 'system' } })
 */
export async function purgeExpiredPersonalData({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { full?: boolean; batchSize?: number };
  actor: Actor;
}): Promise<RetentionRun> {
  const now = ctx.now?.() ?? new Date();
  const batchSize = input.batchSize ?? 5000;
  // Which agencies keep what: one audited cross-tenant read per run.
  const tenants = await withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'retention.purge', detail: { full: input.full ?? false } },
    (tx) =>
      tx
        .select({ id: agencies.id, slug: agencies.slug, days: agencies.retentionDays })
        .from(agencies)
        .orderBy(agencies.slug),
  );
  const run: RetentionRun = { agencies: [], sessions: 0, recipientCaps: 0 };
  for (const agency of tenants) {
    const cutoff = new Date(now.getTime() - agency.days * DAY_MS);
    const from = input.full ? null : new Date(cutoff.getTime() - LOOKBACK_DAYS * DAY_MS);
    const purged = await redactAgency(ctx.db, agency.id, {
      cutoff,
      from,
      batchSize,
      idempotencyCutoff: new Date(now.getTime() - IDEMPOTENCY_MS),
    });
    run.agencies.push({ slug: agency.slug, days: agency.days, ...purged });
  }
  for (;;) {
    const deleted = await withNoTenant(ctx.db, (tx) =>
      tx.execute(sql`delete from ${sessions} where id in (select id from ${sessions}
        where expires_at < ${now.toISOString()}::timestamptz limit ${batchSize})`),
    );
    run.sessions += deleted.count;
    if (deleted.count < batchSize) break;
  }
  // The cap's table is platform-wide and outside the application role's reach; its function deletes.
  const [forgotten] = await withNoTenant(ctx.db, (tx) =>
    tx.execute<{ n: number }>(
      sql`select pregon_forget_recipient_sends(${new Date(now.getTime() - HOUR_MS).toISOString()}::timestamptz) as n`,
    ),
  );
  run.recipientCaps = Number(forgotten?.n ?? 0);
  return run;
}
