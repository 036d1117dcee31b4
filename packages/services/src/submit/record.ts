import { jsonbLiteral, tenantStatement, withTenant } from '@pregon/db';
import {
  type Lane,
  type SubmitBatch,
  type SubmitItem,
  submitGroupId,
  submitPriority,
  submitQueueName,
} from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';

/** What happened to one message's parts at the carrier. */
export type SubmitResult =
  | { kind: 'accepted'; carrierMessageIds: string[] }
  | { kind: 'rejected'; status: number; statusName: string; permanent: boolean }
  | { kind: 'unknown'; reason: string }
  /** Nothing reached the carrier (link down, throttled): safe to queue again. */
  | { kind: 'retry'; reason: string };

export interface RecordedSubmit {
  item: SubmitItem;
  result: SubmitResult;
  /** The lane of the batch the item came in: a retried one goes back at its priority (default: the call's). */
  lane?: Lane | undefined;
  /** It came in a reply batch: a retried one goes back as one. */
  reply?: boolean | undefined;
}

const RETRY_AFTER_MS = 5_000;

/**
 * Records submit outcomes in one transaction per tenant. `retry` ones (nothing reached the carrier)
 * are unclaimed and queued again for the same carrier in that same transaction.
 *
 * The commit does not wait for the WAL flush: if PostgreSQL itself crashes before the flush, the
 * messages stay claimed and the retried claim turns them `unknown`, which is the state a lost record
 * stands for; the submit job completes only after this, with a synchronous commit that flushes it.
 */
export async function recordSubmitResults({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    carrierId: string;
    /** The lane of results that name none. */
    lane?: Lane | undefined;
    results: RecordedSubmit[];
  };
}): Promise<void> {
  const groups = new Map<string, RecordedSubmit[]>();
  for (const entry of input.results) {
    const group = groups.get(entry.item.tenantId);
    if (group === undefined) groups.set(entry.item.tenantId, [entry]);
    else group.push(entry);
  }
  const now = ctx.now?.() ?? new Date();
  for (const [tenantId, all] of groups) {
    const accepted = all.filter((e) => e.result.kind === 'accepted');
    const recorded = accepted.length > 0 && (await recordAccepted(ctx, tenantId, accepted));
    const entries = recorded ? all.filter((e) => e.result.kind !== 'accepted') : all;
    if (entries.length === 0) continue;
    const retry = entries.filter((e) => e.result.kind === 'retry');
    await withTenant(
      ctx.db,
      tenantId,
      async (tx) => {
        await applyTransitions(
          tx,
          tenantId,
          entries
            .filter((e) => e.result.kind !== 'retry')
            .map((e) => toTransition(e.item.messageId, e.result)),
          ctx.queue,
        );
        if (retry.length === 0) return;
        const released = await tx.execute<{ id: string }>(sql`update messages set submit_claimed_at = null
          where status = 'queued' and id in (select jsonb_array_elements_text(${JSON.stringify(retry.map((e) => e.item.messageId))}::jsonb)::uuid)
          returning id`);
        const ids = new Set(released.map((r) => r.id));
        const byLane = new Map<string, { lane: Lane; reply: boolean; items: SubmitItem[] }>();
        for (const e of retry) {
          if (!ids.has(e.item.messageId)) continue;
          // A batch from before lanes were split ran at the transactional priority.
          const lane = e.lane ?? input.lane ?? 'transactional';
          const reply = e.reply === true;
          const key = `${lane}:${reply}`;
          const group = byLane.get(key) ?? { lane, reply, items: [] };
          group.items.push(e.item);
          byLane.set(key, group);
        }
        for (const { lane, reply, items } of byLane.values()) {
          const batch: SubmitBatch = { carrierId: input.carrierId, items, lane, ...(reply ? { reply } : {}) };
          await ctx.queue.enqueueRaw(tx, submitQueueName(input.carrierId), [batch], {
            priority: submitPriority({ lane, reply }),
            group: { id: submitGroupId(tenantId, lane, reply) },
            startAfter: new Date(now.getTime() + RETRY_AFTER_MS),
          });
        }
      },
      { synchronousCommit: false },
    );
  }
}

/**
 * The hot path for the bulk of outcomes: `queued -> submitted` with the carrier ids and the history
 * row, as applyTransitions would write them, in one round trip (no stats: `submitted` is not counted).
 * An agency with a `message.status` webhook needs its events queued in the same transaction, so then
 * nothing is written and this returns false for the general path.
 */
async function recordAccepted(
  ctx: ServiceContext,
  tenantId: string,
  entries: RecordedSubmit[],
): Promise<boolean> {
  const rows = entries.map((e) => {
    const t = toTransition(e.item.messageId, e.result);
    return { id: t.id, ids: t.carrierMessageIds ?? null };
  });
  const [answer] = await tenantStatement<{ hooks: boolean }>(
    ctx.db,
    tenantId,
    `with hooks as (
        select exists(select 1 from webhooks where enabled and 'message.status' = any(events)) as wanted
      ), v as (
        select * from jsonb_to_recordset(${jsonbLiteral(rows)}) as v(id uuid, ids text[])
      ), upd as (
        update messages m set status = 'submitted', carrier_message_id = coalesce(v.ids[1], m.carrier_message_id),
          carrier_message_ids = coalesce(v.ids, m.carrier_message_ids), updated_at = now()
        from v where m.id = v.id and m.status = 'queued' and not (select wanted from hooks)
        returning m.id
      ), ev as (
        insert into message_events (tenant_id, message_id, status) select '${tenantId}'::uuid, upd.id, 'submitted' from upd
      )
      select (select wanted from hooks) as hooks`,
    { synchronousCommit: false },
  );
  return answer?.hooks === false;
}

function toTransition(id: string, result: SubmitResult): Transition {
  switch (result.kind) {
    case 'accepted': {
      // An empty id (DESIGN: SMPP facts 7; Kannel's drive_smpp sends only those) can never match a
      // receipt; stored, it would put every such message under one GIN key, whose posting tree then
      // makes each insert many times dearer.
      const ids = result.carrierMessageIds.filter((i) => i !== '');
      return {
        id,
        status: 'submitted',
        carrierMessageId: ids[0] ?? null,
        carrierMessageIds: ids.length > 0 ? ids : null,
      };
    }
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
