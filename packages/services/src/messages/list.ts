import { messages, withTenant } from '@pregon/db';
import type { MessageStatus } from '@pregon/domain';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

export interface MessageListItem {
  id: string;
  to: string;
  from: string;
  text: string;
  status: MessageStatus;
  reason: string | null;
  segments: number | null;
  createdAt: string;
  updatedAt: string;
}

/** The newest messages of one agency, newest first, keyset-paginated by creation time. */
export async function listMessages({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { limit?: number; before?: string; status?: MessageStatus };
}): Promise<MessageListItem[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(messages)
      .where(
        and(
          input.before ? lt(messages.createdAt, new Date(input.before)) : undefined,
          input.status ? eq(messages.status, input.status) : undefined,
        ),
      )
      .orderBy(desc(messages.createdAt))
      .limit(limit);
    return rows.map((m) => ({
      id: m.id,
      to: m.toPhone,
      from: m.fromAddr,
      text: m.body,
      status: m.status,
      reason: m.reason,
      segments: m.segments,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    }));
  });
}
