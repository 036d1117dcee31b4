import { messageEvents, messages, withTenant } from '@pregon/db';
import { AppError, type MessageStatus } from '@pregon/domain';
import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

export interface MessageView {
  id: string;
  to: string;
  from: string;
  text: string;
  reference: string | null;
  status: MessageStatus;
  reason: string | null;
  /** The carrier's SMPP command_status when it refused the submit (e.g. 11 = ESME_RINVDSTADR). */
  smppStatus: number | null;
  segments: number | null;
  encoding: string | null;
  carrierMessageId: string | null;
  createdAt: string;
  history: Array<{ status: MessageStatus; at: string; reason: string | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One message of the caller's agency with its status history; another agency's id is NOT_FOUND. */
export async function getMessage({
  ctx,
  input,
  tenantId,
}: {
  ctx: ServiceContext;
  input: { id: string };
  tenantId: string;
}): Promise<MessageView> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', 'No such message');
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [m] = await tx.select().from(messages).where(eq(messages.id, input.id));
    if (!m) throw new AppError('NOT_FOUND', 'No such message');
    const history = await tx
      .select()
      .from(messageEvents)
      .where(eq(messageEvents.messageId, m.id))
      .orderBy(asc(messageEvents.id));
    return {
      id: m.id,
      to: m.toPhone,
      from: m.fromAddr,
      text: m.body,
      reference: m.reference,
      status: m.status,
      reason: m.reason,
      smppStatus: m.smppStatus,
      segments: m.segments,
      encoding: m.encoding,
      carrierMessageId: m.carrierMessageId,
      createdAt: m.createdAt.toISOString(),
      history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), reason: h.reason })),
    };
  });
}
