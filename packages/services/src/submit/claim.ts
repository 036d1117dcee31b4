import { tenantStatement, uuidArrayLiteral, withTenant } from '@pregon/db';
import type { SubmitItem } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';

function byTenant(items: SubmitItem[]): Map<string, SubmitItem[]> {
  const groups = new Map<string, SubmitItem[]>();
  for (const item of items) {
    const group = groups.get(item.tenantId);
    if (group === undefined) groups.set(item.tenantId, [item]);
    else group.push(item);
  }
  return groups;
}

/**
 * Claims messages just before their PDUs are written: once this resolves, `submit_claimed_at` is
 * committed (durably) for every item it returns. Only still-queued, never-claimed, unexpired messages
 * come back. One claimed earlier whose outcome was never recorded (the process died mid-submit) may
 * have reached the carrier: it becomes `unknown`, and is never sent again.
 */
export async function claimForSubmit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { items: SubmitItem[] };
}): Promise<SubmitItem[]> {
  const now = ctx.now?.() ?? new Date();
  const groups = await Promise.all(
    [...byTenant(input.items)].map(async ([tenantId, items]) => {
      const taken = await claimQueued(ctx, tenantId, items, now);
      const rest = items.filter((i) => !taken.has(i.messageId));
      if (rest.length > 0) for (const id of await settleUnclaimable(ctx, tenantId, rest, now)) taken.add(id);
      return items.filter((i) => taken.has(i.messageId));
    }),
  );
  return groups.flat();
}

/**
 * The hot path, one round trip and one synchronous commit: claims every message that is queued, not
 * claimed and not expired. The UPDATE's row locks order it against cancel, as the FOR UPDATE below does.
 */
async function claimQueued(
  ctx: ServiceContext,
  tenantId: string,
  items: SubmitItem[],
  now: Date,
): Promise<Set<string>> {
  const rows = await tenantStatement<{ id: string }>(
    ctx.db,
    tenantId,
    `update messages set submit_claimed_at = now()
      where id = any(${uuidArrayLiteral(items.map((i) => i.messageId))}) and status = 'queued'
        and submit_claimed_at is null and (valid_until is null or valid_until > '${now.toISOString()}'::timestamptz)
      returning id`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * The messages the hot path left: claimed before a crash (-> `unknown`), expired (-> `expired`), no
 * longer queued (skipped), or unclaimed by a concurrent retry since (claimed now). Rare, so one
 * ordinary transaction with history rows and status webhooks. Returns the ids it claimed.
 */
async function settleUnclaimable(
  ctx: ServiceContext,
  tenantId: string,
  items: SubmitItem[],
  now: Date,
): Promise<string[]> {
  const ids = items.map((i) => i.messageId);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx.execute<{ id: string; claimed: boolean; valid_until: string | null }>(sql`
      select id, submit_claimed_at is not null as claimed, valid_until from messages
      where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid) and status = 'queued'
      for update`);
    const transitions: Transition[] = [];
    const take: string[] = [];
    for (const r of rows) {
      if (r.claimed)
        transitions.push({
          id: r.id,
          status: 'unknown',
          reason: 'no_submit_response',
          detail: { cause: 'claimed_before_crash' },
        });
      else if (r.valid_until !== null && new Date(r.valid_until) <= now)
        transitions.push({ id: r.id, status: 'expired', reason: 'validity_expired' });
      else take.push(r.id);
    }
    await applyTransitions(tx, tenantId, transitions, ctx.queue);
    if (take.length > 0) {
      await tx.execute(sql`update messages set submit_claimed_at = now()
        where id in (select jsonb_array_elements_text(${JSON.stringify(take)}::jsonb)::uuid)`);
    }
    return take;
  });
}
