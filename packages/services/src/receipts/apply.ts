import { withNoTenant, withTenant } from '@pregon/db';
import type { ReceiptItem } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';
import { combineParts } from './combine-parts.ts';

/** Receipts for messages of one tenant, grouped by message. */
type TenantReceipts = Map<string, ReceiptItem[]>;

/**
 * Applies a batch of delivery receipts from one carrier. Each final receipt is recorded against its
 * part (messages.part_states), and a message settles from all its parts (see combineParts). Receipts
 * whose message is not known yet (they beat the submit_sm_resp) are returned for a later try;
 * repeats are harmless (a part keeps its first final state; the lifecycle guard does the rest).
 */
export async function applyReceipts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { carrierId: string; receipts: ReceiptItem[] };
}): Promise<{ applied: number; unmatched: ReceiptItem[] }> {
  const ids = [...new Set(input.receipts.map((r) => r.carrierMessageId))];
  const found = await withNoTenant(ctx.db, (tx) =>
    tx.execute<{ carrier_message_id: string; message_id: string; tenant_id: string }>(
      sql`select * from pregon_resolve_carrier_messages(${input.carrierId}, array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`,
    ),
  );
  const byId = new Map(found.map((f) => [f.carrier_message_id, f]));
  const tenants = new Map<string, TenantReceipts>();
  const unmatched: ReceiptItem[] = [];
  for (const r of input.receipts) {
    const hit = byId.get(r.carrierMessageId);
    if (!hit) {
      unmatched.push(r);
      continue;
    }
    const perMessage = tenants.get(hit.tenant_id) ?? new Map<string, ReceiptItem[]>();
    perMessage.set(hit.message_id, [...(perMessage.get(hit.message_id) ?? []), r]);
    tenants.set(hit.tenant_id, perMessage);
  }
  let applied = 0;
  for (const [tenantId, perMessage] of tenants) {
    applied += await withTenant(ctx.db, tenantId, async (tx) => {
      const updates = [...perMessage].flatMap(([id, receipts]) => {
        const parts: Record<string, string> = {};
        for (const r of receipts) if (FINAL_STATES.has(r.state)) parts[r.carrierMessageId] ??= r.state;
        return Object.keys(parts).length === 0 ? [] : [{ id, parts }];
      });
      if (updates.length === 0) return 0;
      // Existing entries win (right side of ||): a part keeps its first final state. Only messages
      // of several parts store their parts' states; a one-part message settles from its receipt
      // directly (a final status is never left, so a later receipt cannot change it), which spares
      // the bulk of receipts one row update each.
      const rows = await tx.execute<{
        id: string;
        part_states: Record<string, string>;
        expected: number;
      }>(sql`
        with v as (select * from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id uuid, parts jsonb)),
        cur as (
          select m.id, greatest(coalesce(cardinality(m.carrier_message_ids), 0), coalesce(m.segments, 1)) as expected
          from messages m join v on v.id = m.id
        ),
        upd as (
          update messages m set part_states = v.parts || coalesce(m.part_states, '{}'::jsonb)
          from v join cur on cur.id = v.id
          where m.id = v.id and cur.expected > 1
          returning m.id, m.part_states
        )
        select cur.id, coalesce(upd.part_states, v.parts) as part_states, cur.expected
        from cur join v on v.id = cur.id left join upd on upd.id = cur.id`);
      const transitions: Transition[] = [];
      for (const row of rows) {
        const t = combineParts({
          id: row.id,
          partStates: row.part_states,
          expected: Number(row.expected),
          receipts: perMessage.get(row.id) ?? [],
        });
        if (t) transitions.push(t);
      }
      return (await applyTransitions(tx, tenantId, transitions, ctx.queue)).length;
    });
  }
  return { applied, unmatched };
}

// accepted / enroute / unknown are intermediate: nothing final to record.
const FINAL_STATES = new Set<ReceiptItem['state']>([
  'delivered',
  'undeliverable',
  'rejected',
  'deleted',
  'expired',
]);
