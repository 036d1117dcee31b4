import { withNoTenant, withTenant } from '@pregon/db';
import type { ReceiptItem } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';

function toTransition(id: string, r: ReceiptItem): Transition | null {
  const detail = {
    receipt: r.state,
    error: r.errorCode,
    doneAt: r.doneAt,
    carrierMessageId: r.carrierMessageId,
  };
  switch (r.state) {
    case 'delivered':
      return { id, status: 'delivered', detail };
    case 'undeliverable':
      return { id, status: 'failed', reason: 'carrier_undeliverable', detail };
    case 'rejected':
      return { id, status: 'failed', reason: 'carrier_rejected', detail };
    case 'deleted':
      return { id, status: 'failed', reason: 'carrier_deleted', detail };
    case 'expired':
      return { id, status: 'expired', reason: 'carrier_expired', detail };
    default:
      // accepted / enroute / unknown are intermediate: nothing final to record.
      return null;
  }
}

/**
 * Applies a batch of delivery receipts from one carrier. Receipts whose message is not known yet
 * (they beat the submit_sm_resp) are returned for a later try; the lifecycle guard makes repeats harmless.
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
  const groups = new Map<string, Transition[]>();
  const unmatched: ReceiptItem[] = [];
  for (const r of input.receipts) {
    const hit = byId.get(r.carrierMessageId);
    if (!hit) {
      unmatched.push(r);
      continue;
    }
    const t = toTransition(hit.message_id, r);
    if (t) groups.set(hit.tenant_id, [...(groups.get(hit.tenant_id) ?? []), t]);
  }
  let applied = 0;
  for (const [tenantId, transitions] of groups) {
    applied += (await withTenant(ctx.db, tenantId, (tx) => applyTransitions(tx, tenantId, transitions)))
      .length;
  }
  return { applied, unmatched };
}
