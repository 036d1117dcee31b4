import { auditEvents, type Tx } from '@pregon/db';

/** Why the engine handled an MO without answering it (audit detail `reason`). */
export type UnansweredReason = 'rate_limited' | 'reply_limit' | 'auto_reply';

/**
 * Records, in the tenant transaction that settles the MO, that it was handled without a reply and
 * why, so an operator can see a flood or a reply storm in the audit log (action `inbound.unanswered`).
 */
export async function noteUnanswered(
  tx: Tx,
  at: { tenantId: string; moId: string; phone: string; number: string; reason: UnansweredReason },
): Promise<void> {
  await tx.insert(auditEvents).values({
    tenantId: at.tenantId,
    actorKind: 'system',
    actorId: null,
    action: 'inbound.unanswered',
    target: at.moId,
    detail: { reason: at.reason, phone: at.phone, number: at.number },
  });
}
