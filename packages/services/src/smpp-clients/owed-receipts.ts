import { messages, withTenant } from '@pregon/db';
import { FINAL_STATUSES, type MessageStatus } from '@pregon/domain';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

/** A message whose final status an SMPP client asked to hear about and has not acknowledged yet. */
export interface OwedSmppReceipt {
  id: string;
  toPhone: string;
  fromAddr: string;
  body: string;
  status: MessageStatus;
  reason: string | null;
  smppStatus: number | null;
  submittedAt: Date;
  doneAt: Date;
}

const FINAL = [...FINAL_STATUSES];

/** Up to `limit` receipts owed to one SMPP client, oldest first. */
export async function listOwedSmppReceipts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tenantId: string; clientId: string; limit?: number };
}): Promise<OwedSmppReceipt[]> {
  return withTenant(ctx.db, input.tenantId, (tx) =>
    tx
      .select({
        id: messages.id,
        toPhone: messages.toPhone,
        fromAddr: messages.fromAddr,
        body: messages.body,
        status: messages.status,
        reason: messages.reason,
        smppStatus: messages.smppStatus,
        submittedAt: messages.createdAt,
        doneAt: messages.updatedAt,
      })
      .from(messages)
      .where(
        and(
          eq(messages.smppClientId, input.clientId),
          eq(messages.smppReceiptRequested, true),
          isNull(messages.smppReceiptSentAt),
          inArray(messages.status, FINAL),
        ),
      )
      .orderBy(messages.updatedAt)
      .limit(input.limit ?? 100),
  );
}

/** Records that the client acknowledged these receipts (deliver_sm_resp OK); they are not sent again. */
export async function markSmppReceiptsSent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tenantId: string; messageIds: readonly string[] };
}): Promise<void> {
  if (input.messageIds.length === 0) return;
  await withTenant(ctx.db, input.tenantId, (tx) =>
    tx
      .update(messages)
      .set({ smppReceiptSentAt: sql`now()` })
      .where(and(inArray(messages.id, [...input.messageIds]), isNull(messages.smppReceiptSentAt))),
  );
}
