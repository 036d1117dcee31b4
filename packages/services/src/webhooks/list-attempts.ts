import { webhookAttempts, withTenant } from '@pregon/db';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { findWebhookForUpdate } from './find.ts';

export interface WebhookAttemptView {
  id: number;
  eventId: string;
  eventType: string;
  attempt: number;
  /** The receiver's HTTP status; null when no answer came (see `error`). */
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  ok: boolean;
  at: string;
}

/** A webhook's attempts, newest first; `before` is the last row's id for the next page. */
export async function listWebhookAttempts({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { id: string; limit?: number; before?: number };
}): Promise<WebhookAttemptView[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await withTenant(ctx.db, tenantId, async (tx) => {
    const hook = await findWebhookForUpdate(tx, input.id, false);
    return tx
      .select()
      .from(webhookAttempts)
      .where(
        and(
          eq(webhookAttempts.webhookId, hook.id),
          input.before === undefined ? undefined : lt(webhookAttempts.id, input.before),
        ),
      )
      .orderBy(desc(webhookAttempts.id))
      .limit(limit);
  });
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    attempt: r.attempt,
    statusCode: r.statusCode,
    error: r.error,
    durationMs: r.durationMs,
    ok: r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300,
    at: r.at.toISOString(),
  }));
}
