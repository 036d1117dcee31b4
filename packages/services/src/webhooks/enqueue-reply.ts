import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { enqueueWebhookEvents } from './enqueue-events.ts';

/**
 * Queues `message.reply` for a reply just routed to one of this agency's services, in the same tenant
 * transaction as the conversation_replies row: the message it answers (id and the agency's own
 * reference), the intent and the citizen's text.
 */
export async function enqueueReplyWebhook(tx: Tx, queue: JobQueue, tenantId: string, replyId: string) {
  const [r] = await tx.execute<{
    id: string;
    inbound_message_id: string;
    message_id: string;
    reference: string | null;
    service: string;
    phone: string;
    destination: string;
    text: string;
    intent: string;
    argument: string | null;
    language: string;
    received_at: string | Date;
  }>(sql`select r.id, r.inbound_message_id, r.message_id, m.reference, s.slug as service, r.phone,
      i.destination, i.text, r.intent, r.argument, r.language, i.received_at
    from conversation_replies r
    join messages m on m.id = r.message_id
    join services s on s.id = r.service_id
    join inbound_messages i on i.id = r.inbound_message_id
    where r.id = ${replyId}::uuid`);
  if (!r) return 0;
  return enqueueWebhookEvents(tx, queue, tenantId, 'message.reply', [
    {
      replyId: r.id,
      inboundMessageId: r.inbound_message_id,
      messageId: r.message_id,
      reference: r.reference,
      service: r.service,
      from: r.phone,
      to: r.destination,
      text: r.text,
      intent: r.intent,
      argument: r.argument,
      language: r.language,
      receivedAt: new Date(r.received_at).toISOString(),
    },
  ]);
}
