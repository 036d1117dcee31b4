import {
  type ConversationIntent,
  conversationReplies,
  inboundMessages,
  messages,
  services,
  withTenant,
} from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

/** One reply a citizen sent to a service's message, as the console and the API show it. */
export interface ConversationReplyView {
  id: string;
  /** The service's message it answers, and the agency's own reference for it. */
  messageId: string;
  reference: string | null;
  service: string;
  from: string;
  text: string;
  intent: ConversationIntent;
  argument: string | null;
  language: 'es' | 'ca' | 'en';
  inboundMessageId: string;
  receivedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Replies routed to the agency's conversation handlers, newest first: of one service (slug), of one
 * message, or all; `before` is the last row's id for the next page. An unknown or another agency's
 * message or service is NOT_FOUND.
 */
export async function listConversationReplies({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { serviceSlug?: string; messageId?: string; limit?: number; before?: string };
}): Promise<ConversationReplyView[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  if (input.messageId !== undefined && !UUID.test(input.messageId))
    throw new AppError('NOT_FOUND', 'No such message');
  if (input.before !== undefined && !UUID.test(input.before)) return [];
  return withTenant(ctx.db, tenantId, async (tx) => {
    const where: SQL[] = [];
    if (input.messageId !== undefined) {
      const [m] = await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, input.messageId));
      if (!m) throw new AppError('NOT_FOUND', 'No such message');
      where.push(eq(conversationReplies.messageId, m.id));
    }
    if (input.serviceSlug !== undefined) {
      const [s] = await tx
        .select({ id: services.id })
        .from(services)
        .where(eq(services.slug, input.serviceSlug));
      if (!s)
        throw new AppError('NOT_FOUND', `No service "${input.serviceSlug}"`, {
          details: { field: 'service' },
        });
      where.push(eq(conversationReplies.serviceId, s.id));
    }
    if (input.before !== undefined) {
      const [cursor] = await tx
        .select({ createdAt: conversationReplies.createdAt, id: conversationReplies.id })
        .from(conversationReplies)
        .where(eq(conversationReplies.id, input.before));
      if (!cursor) return [];
      const older = or(
        lt(conversationReplies.createdAt, cursor.createdAt),
        and(eq(conversationReplies.createdAt, cursor.createdAt), lt(conversationReplies.id, cursor.id)),
      );
      if (older) where.push(older);
    }
    const rows = await tx
      .select({
        r: conversationReplies,
        reference: messages.reference,
        service: services.slug,
        text: inboundMessages.text,
        receivedAt: inboundMessages.receivedAt,
      })
      .from(conversationReplies)
      .innerJoin(messages, eq(messages.id, conversationReplies.messageId))
      .innerJoin(services, eq(services.id, conversationReplies.serviceId))
      .innerJoin(inboundMessages, eq(inboundMessages.id, conversationReplies.inboundMessageId))
      .where(and(...where))
      .orderBy(desc(conversationReplies.createdAt), desc(conversationReplies.id))
      .limit(limit);
    return rows.map(({ r, reference, service, text, receivedAt }) => ({
      id: r.id,
      messageId: r.messageId,
      reference,
      service,
      from: r.phone,
      text,
      intent: r.intent,
      argument: r.argument,
      language: r.language,
      inboundMessageId: r.inboundMessageId,
      receivedAt: receivedAt.toISOString(),
    }));
  });
}
