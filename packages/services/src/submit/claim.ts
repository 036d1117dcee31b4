import { withTenant } from '@pregon/db';
import {
  LANES,
  type Lane,
  type SubmitBatch,
  type SubmitItem,
  submitGroupId,
  submitQueueName,
} from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';

function byTenant(items: SubmitItem[]): Map<string, SubmitItem[]> {
  const groups = new Map<string, SubmitItem[]>();
  for (const item of items) groups.set(item.tenantId, [...(groups.get(item.tenantId) ?? []), item]);
  return groups;
}

/**
 * Claims a submit batch just before its PDUs are written. Only still-queued, never-claimed, unexpired
 * messages come back. One claimed earlier whose outcome was never recorded (the process died
 * mid-submit) may have reached the carrier: it becomes `unknown`, and is never sent again.
 */
export async function claimForSubmit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { items: SubmitItem[] };
}): Promise<SubmitItem[]> {
  const now = ctx.now?.() ?? new Date();
  const claimed: SubmitItem[] = [];
  for (const [tenantId, items] of byTenant(input.items)) {
    const ids = items.map((i) => i.messageId);
    await withTenant(ctx.db, tenantId, async (tx) => {
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
      const taken = new Set(take);
      claimed.push(...items.filter((i) => taken.has(i.messageId)));
    });
  }
  return claimed;
}

/** What happened to one message's parts at the carrier. */
export type SubmitResult =
  | { kind: 'accepted'; carrierMessageIds: string[] }
  | { kind: 'rejected'; status: number; statusName: string; permanent: boolean }
  | { kind: 'unknown'; reason: string }
  /** Nothing reached the carrier (link down, throttled): safe to queue again. */
  | { kind: 'retry'; reason: string };

const RETRY_AFTER_MS = 5_000;

/**
 * Records submit outcomes in one transaction per tenant. `retry` ones (nothing reached the carrier)
 * are unclaimed and queued again for the same carrier in that same transaction.
 */
export async function recordSubmitResults({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    carrierId: string;
    /** The batch's lane: retried messages go back at its priority. */
    lane?: Lane | undefined;
    results: Array<{ item: SubmitItem; result: SubmitResult }>;
  };
}): Promise<void> {
  const groups = new Map<string, Array<{ item: SubmitItem; t: Transition }>>();
  for (const { item, result } of input.results) {
    groups.set(item.tenantId, [
      ...(groups.get(item.tenantId) ?? []),
      { item, t: toTransition(item.messageId, result) },
    ]);
  }
  const now = ctx.now?.() ?? new Date();
  for (const [tenantId, entries] of groups) {
    await withTenant(ctx.db, tenantId, async (tx) => {
      await applyTransitions(
        tx,
        tenantId,
        entries.filter((e) => !e.t.unclaim).map((e) => e.t),
        ctx.queue,
      );
      const retry = entries.filter((e) => e.t.unclaim).map((e) => e.item);
      if (retry.length === 0) return;
      const released = await tx.execute<{ id: string }>(sql`update messages set submit_claimed_at = null
        where status = 'queued' and id in (select jsonb_array_elements_text(${JSON.stringify(retry.map((i) => i.messageId))}::jsonb)::uuid)
        returning id`);
      const ids = new Set(released.map((r) => r.id));
      const items = retry.filter((i) => ids.has(i.messageId));
      if (items.length === 0) return;
      // A batch from before lanes were split ran at the transactional priority.
      const lane = input.lane ?? 'transactional';
      const batch: SubmitBatch = { carrierId: input.carrierId, items, lane };
      await ctx.queue.enqueueRaw(tx, submitQueueName(input.carrierId), [batch], {
        priority: LANES[lane],
        group: { id: submitGroupId(tenantId, lane) },
        startAfter: new Date(now.getTime() + RETRY_AFTER_MS),
      });
    });
  }
}

function toTransition(id: string, result: SubmitResult): Transition {
  switch (result.kind) {
    case 'accepted':
      return {
        id,
        status: 'submitted',
        carrierMessageId: result.carrierMessageIds[0] ?? null,
        carrierMessageIds: result.carrierMessageIds,
      };
    case 'rejected':
      return {
        id,
        status: 'failed',
        reason: 'carrier_rejected',
        smppStatus: result.status,
        detail: { smppStatus: result.statusName, permanent: result.permanent },
      };
    case 'unknown':
      return { id, status: 'unknown', reason: 'no_submit_response', detail: { cause: result.reason } };
    case 'retry':
      return { id, status: 'queued', unclaim: true };
  }
}
