import { randomUUID } from 'node:crypto';
import { messageEvents, messages, type Tx } from '@pregon/db';
import { AppError, checkE164, REPLY_PRIORITY } from '@pregon/domain';
import type { ServiceContext } from '../context.ts';

/** An answer to one MO, sent from the number that received it. */
export interface MoReply {
  tenantId: string;
  serviceId: string | null;
  to: string;
  /** The number's sender address ('21700'), as in senders.value. */
  from: string;
  text: string;
  /** The inbound_messages id it answers: the ledger lets replies to a citizen's own text through. */
  inReplyTo: string;
}

/**
 * Queues a reply like sendMessage does (row, first history row, message.prepare job) inside the
 * caller's tenant transaction, so the reply commits with what the MO changed, or not at all.
 */
export async function queueMoReply(tx: Tx, ctx: ServiceContext, reply: MoReply): Promise<string> {
  const phone = checkE164(reply.to);
  if (!phone.ok) throw new AppError('BAD_REQUEST', `reply "to" ${phone.reason}`);
  if (reply.text.length === 0 || reply.text.length > 4_000)
    throw new AppError('INTERNAL', 'a keyword reply must be 1-4,000 characters');
  const id = randomUUID();
  await Promise.all([
    tx.insert(messages).values({
      id,
      tenantId: reply.tenantId,
      serviceId: reply.serviceId,
      toPhone: phone.e164,
      fromAddr: reply.from,
      body: reply.text,
      lane: 'transactional',
      status: 'accepted',
      inReplyTo: reply.inReplyTo,
    }),
    tx.insert(messageEvents).values({ tenantId: reply.tenantId, messageId: id, status: 'accepted' }),
    ctx.queue.enqueue(tx, 'message.prepare', [{ tenantId: reply.tenantId, messageIds: [id] }], {
      priority: REPLY_PRIORITY,
    }),
  ]);
  return id;
}
