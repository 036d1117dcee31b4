import {
  type ConversationConfig,
  conversationReplies,
  services,
  subscribers,
  withNoTenant,
  withTenant,
} from '@pregon/db';
import { and, eq, sql } from 'drizzle-orm';
import { type MoAct, settleAndReply } from '../keywords/finish.ts';
import type { Language } from '../keywords/normalise.ts';
import { enqueueReplyWebhook } from '../webhooks/enqueue-reply.ts';
import { classifyReply } from './classify.ts';

/** How long after a service's message a reply still answers it, unless the service says otherwise. */
export const DEFAULT_CONVERSATION_WINDOW_HOURS = 72;

/**
 * Routes an MO the keyword engine did not act on to the conversation handler of the service that last
 * wrote to the phone from this number, when that message is recent enough: stores the reply with its
 * intent, tells the agency (`message.reply`) and sends the service's automatic answer, if it has one.
 * Returns false when no service message is recent enough (the caller answers with the number's help).
 */
export async function routeReply(act: MoAct, wordLanguage: Language | null): Promise<boolean> {
  const [last] = await withNoTenant(act.ctx.db, (tx) =>
    tx.execute<{ tenant_id: string; service_id: string; message_id: string; created_at: string | Date }>(
      sql`select * from pregon_last_service_message(${act.phone}, ${act.number.sender})`,
    ),
  );
  if (!last) return false;
  const sentAt = new Date(last.created_at);
  return withTenant(act.ctx.db, last.tenant_id, async (tx) => {
    const [svc] = await tx
      .select({ conversation: services.conversation })
      .from(services)
      .where(eq(services.id, last.service_id));
    if (!svc) return false;
    const config: ConversationConfig = svc.conversation ?? {};
    const windowMs = (config.windowHours ?? DEFAULT_CONVERSATION_WINDOW_HOURS) * 3_600_000;
    if (act.now.getTime() - sentAt.getTime() > windowMs) return false;
    const reply = classifyReply(act.mo.text);
    const [sub] = await tx
      .select({ language: subscribers.language })
      .from(subscribers)
      .where(and(eq(subscribers.serviceId, last.service_id), eq(subscribers.phone, act.phone)));
    const language = sub?.language ?? reply.language ?? wordLanguage ?? 'es';
    const answers = config.answers?.[reply.intent];
    const answer = answers?.[language] ?? answers?.es ?? null;
    await settleAndReply(
      tx,
      act,
      { tenantId: last.tenant_id, serviceId: last.service_id, assign: true },
      answer,
      { kind: 'reply', keyword: null },
    );
    const [row] = await tx
      .insert(conversationReplies)
      .values({
        tenantId: last.tenant_id,
        serviceId: last.service_id,
        inboundMessageId: act.mo.id,
        messageId: last.message_id,
        phone: act.phone,
        intent: reply.intent,
        argument: reply.argument,
        language,
        createdAt: act.now,
      })
      .returning({ id: conversationReplies.id });
    if (!row) throw new Error('conversation reply insert returned nothing');
    await enqueueReplyWebhook(tx, act.ctx.queue, last.tenant_id, row.id);
    return true;
  });
}
