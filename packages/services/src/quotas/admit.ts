import { auditEvents, quotaWarnings, type Tx } from '@pregon/db';
import type { Lane } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue-events.ts';
import { lockQuotaRow } from './limits.ts';
import { type SpendUnits, spendText, spendUnits } from './spend.ts';
import { periodOf, type QuotaName, type QuotaUsage, readQuotaUsage } from './usage.ts';

/** A message about to be queued for a carrier, as the quota and cap checks see it. */
export interface Candidate {
  id: string;
  toPhone: string;
  lane: Lane;
  inReplyTo: string | null;
  cost: SpendUnits;
}

export interface Refusal {
  reason: 'quota_exceeded' | 'recipient_cap';
  detail: Record<string, unknown>;
}

/** Emergency alerts and answers to a citizen's own text are never held back (both still count). */
const exempt = (c: Candidate) => c.lane === 'emergency' || c.inReplyTo !== null;

/**
 * Decides, for a whole batch at once, which messages the agency's quotas and the platform's
 * per-recipient cap let through; returns the refused ones. Costs two queries when the agency has
 * quotas (lock + usage), one for the cap, and one more only when a warn level is crossed.
 */
export async function admitMessages(
  tx: Tx,
  input: {
    tenantId: string;
    now: Date;
    candidates: Candidate[];
    /** Messages per phone per rolling hour across every agency; 0 turns the cap off. */
    capPerHour: number;
    queue: JobQueue;
  },
): Promise<Map<string, Refusal>> {
  const refused = new Map<string, Refusal>();
  if (input.candidates.length === 0) return refused;
  const row = await lockQuotaRow(tx, input.tenantId);
  const usage = row ? await readQuotaUsage(tx, input.tenantId, input.now) : null;
  if (row && usage) {
    const block = {
      daily_messages: row.dailyMessagesBlock,
      monthly_messages: row.monthlyMessagesBlock,
      monthly_spend: row.monthlySpendBlock === null ? null : spendUnits(row.monthlySpendBlock),
    };
    const used = { daily: usage.dailyMessages, monthly: usage.monthlyMessages, spend: usage.monthlySpend };
    for (const c of input.candidates) {
      if (!exempt(c)) {
        const over: [QuotaName, number, number] | null =
          block.daily_messages !== null && used.daily + 1 > block.daily_messages
            ? ['daily_messages', used.daily, block.daily_messages]
            : block.monthly_messages !== null && used.monthly + 1 > block.monthly_messages
              ? ['monthly_messages', used.monthly, block.monthly_messages]
              : block.monthly_spend !== null && used.spend + c.cost > block.monthly_spend
                ? ['monthly_spend', used.spend, block.monthly_spend]
                : null;
        if (over) {
          const [quota, at, limit] = over;
          const money = quota === 'monthly_spend';
          refused.set(c.id, {
            reason: 'quota_exceeded',
            detail: {
              quota,
              period: periodOf(quota, usage),
              used: money ? spendText(at) : at,
              limit: money ? spendText(limit) : limit,
            },
          });
          continue;
        }
      }
      used.daily += 1;
      used.monthly += 1;
      used.spend += c.cost;
    }
  }
  await applyRecipientCap(tx, input, refused);
  if (row && usage) {
    const admitted = input.candidates.filter((c) => !refused.has(c.id));
    const after = {
      daily_messages: usage.dailyMessages + admitted.length,
      monthly_messages: usage.monthlyMessages + admitted.length,
      monthly_spend: usage.monthlySpend + admitted.reduce((sum, c) => sum + c.cost, 0),
    };
    const warn = {
      daily_messages: row.dailyMessagesWarn,
      monthly_messages: row.monthlyMessagesWarn,
      monthly_spend: row.monthlySpendWarn === null ? null : spendUnits(row.monthlySpendWarn),
    };
    const crossed = (Object.keys(warn) as QuotaName[]).filter((q) => {
      const level = warn[q];
      return level !== null && after[q] >= level && !usage.warned.has(q);
    });
    if (crossed.length > 0)
      await recordWarnings(
        tx,
        input.tenantId,
        input.queue,
        usage,
        crossed,
        after,
        warn as Record<QuotaName, number>,
      );
  }
  return refused;
}

/** Refuses, per phone, the messages beyond the slots left in its rolling hour. */
async function applyRecipientCap(
  tx: Tx,
  input: { now: Date; candidates: Candidate[]; capPerHour: number },
  refused: Map<string, Refusal>,
): Promise<void> {
  if (input.capPerHour <= 0) return;
  const capped = input.candidates.filter((c) => !exempt(c) && !refused.has(c.id));
  if (capped.length === 0) return;
  const wanted = new Map<string, number>();
  for (const c of capped) wanted.set(c.toPhone, (wanted.get(c.toPhone) ?? 0) + 1);
  const pairs = JSON.stringify([...wanted]);
  const granted = await tx.execute<{ phone: string; granted: number }>(sql`
    select phone, granted from pregon_take_recipient_slots(
      (select array_agg(e.value->>0 order by e.ord) from jsonb_array_elements(${pairs}::jsonb) with ordinality e(value, ord)),
      (select array_agg((e.value->>1)::int order by e.ord) from jsonb_array_elements(${pairs}::jsonb) with ordinality e(value, ord)),
      ${input.now.toISOString()}::timestamptz, ${input.capPerHour}::int)`);
  const left = new Map(granted.map((g) => [g.phone, Number(g.granted)]));
  for (const c of capped) {
    const slots = left.get(c.toPhone) ?? 0;
    if (slots > 0) {
      left.set(c.toPhone, slots - 1);
      continue;
    }
    refused.set(c.id, { reason: 'recipient_cap', detail: { perHour: input.capPerHour } });
  }
}

/** Once per quota and period (the primary key decides): an audit row and an `agency.quota_warning` event. */
async function recordWarnings(
  tx: Tx,
  tenantId: string,
  queue: JobQueue,
  usage: QuotaUsage,
  crossed: QuotaName[],
  after: Record<QuotaName, number>,
  warn: Record<QuotaName, number>,
): Promise<void> {
  const show = (q: QuotaName, v: number) => (q === 'monthly_spend' ? spendText(v) : String(v));
  const inserted = await tx
    .insert(quotaWarnings)
    .values(
      crossed.map((quota) => ({
        tenantId,
        quota,
        periodStart: periodOf(quota, usage),
        used: show(quota, after[quota]),
        level: show(quota, warn[quota]),
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return;
  const events = inserted.map((w) => ({
    quota: w.quota,
    period: w.periodStart,
    used: w.quota === 'monthly_spend' ? w.used : Number(w.used),
    warnLevel: w.quota === 'monthly_spend' ? w.level : Number(w.level),
  }));
  await tx.insert(auditEvents).values(
    events.map((detail) => ({
      tenantId,
      actorKind: 'system' as const,
      actorId: null,
      action: 'quota.warning',
      target: detail.quota,
      detail,
    })),
  );
  await enqueueWebhookEvents(tx, queue, tenantId, 'agency.quota_warning', events);
}
