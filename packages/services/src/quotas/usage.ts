import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';
import { type SpendUnits, spendUnits } from './spend.ts';

export const QUOTAS = ['daily_messages', 'monthly_messages', 'monthly_spend'] as const;
export type QuotaName = (typeof QUOTAS)[number];

/** What an agency has used in the periods around `now` (its time zone), from daily_message_stats. */
export interface QuotaUsage {
  timezone: string;
  /** 'YYYY-MM-DD' in the agency's time zone. */
  day: string;
  /** First day of the month, 'YYYY-MM-DD'. */
  month: string;
  dailyMessages: number;
  monthlyMessages: number;
  monthlySpend: SpendUnits;
  /** Warn levels already crossed (and told) in the current periods. */
  warned: Set<QuotaName>;
}

/** The period a quota is counted in: the day or the month's first day. */
export function periodOf(quota: QuotaName, usage: Pick<QuotaUsage, 'day' | 'month'>): string {
  return quota === 'daily_messages' ? usage.day : usage.month;
}

/**
 * Reads usage in one query, in the caller's transaction (tenant or platform). Counts are messages queued for a
 * carrier (stats `queued`), spend their segments x price, in the agency's day and month at `now`.
 */
export async function readQuotaUsage(tx: Tx, tenantId: string, now: Date): Promise<QuotaUsage> {
  const [row] = await tx.execute<{
    timezone: string;
    day: string;
    month: string;
    daily_messages: string;
    monthly_messages: string;
    monthly_spend: string;
    warned: string[] | null;
  }>(sql`
    with p as (
      select a.timezone,
        (${now.toISOString()}::timestamptz at time zone a.timezone)::date as day,
        date_trunc('month', ${now.toISOString()}::timestamptz at time zone a.timezone)::date as month
      from agencies a where a.id = ${tenantId}
    )
    select p.timezone, p.day::text as day, p.month::text as month,
      coalesce(sum(s.queued) filter (where s.day = p.day), 0)::text as daily_messages,
      coalesce(sum(s.queued), 0)::text as monthly_messages,
      coalesce(sum(s.spend), 0)::text as monthly_spend,
      (select array_agg(w.quota) from quota_warnings w
        where w.tenant_id = ${tenantId} and ((w.quota = 'daily_messages' and w.period_start = p.day)
           or (w.quota <> 'daily_messages' and w.period_start = p.month))) as warned
    from p left join daily_message_stats s
      on s.tenant_id = ${tenantId} and s.day >= p.month and s.day < (p.month + interval '1 month')::date
    group by p.timezone, p.day, p.month`);
  if (!row) throw new Error(`agency ${tenantId} is not visible in this transaction`);
  return {
    timezone: row.timezone,
    day: row.day,
    month: row.month,
    dailyMessages: Number(row.daily_messages),
    monthlyMessages: Number(row.monthly_messages),
    monthlySpend: spendUnits(row.monthly_spend),
    warned: new Set((row.warned ?? []) as QuotaName[]),
  };
}
