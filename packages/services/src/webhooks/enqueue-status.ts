import { randomUUID } from 'node:crypto';
import type { Tx } from '@pregon/db';
import type { JobPayload, MessageStatus, WebhookEvent } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { EVENTS_PER_JOB } from './settings.ts';

/** Statuses agencies hear about: submitted and every final one. */
export const STATUS_EVENT_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'submitted',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'rejected',
  'unknown',
]);

/**
 * Queues `message.status` events for messages that just moved, in the caller's transaction: nothing
 * when none moved to a reported status, one query on the (small) webhooks table when the agency has
 * no enabled webhook for them, else one `webhook.deliver` job per webhook per 100 events — never one per message.
 */
export async function enqueueStatusWebhooks(
  tx: Tx,
  queue: JobQueue,
  tenantId: string,
  moved: Array<{ id: string; status: MessageStatus }>,
): Promise<number> {
  const ids = moved.filter((m) => STATUS_EVENT_STATUSES.has(m.status)).map((m) => m.id);
  if (ids.length === 0) return 0;
  // RLS confines this to the transaction's tenant.
  const hooks = await tx.execute<{ id: string }>(
    sql`select id from webhooks where enabled and 'message.status' = any(events)`,
  );
  if (hooks.length === 0) return 0;
  const rows = await tx.execute<{
    id: string;
    status: string;
    reason: string | null;
    reference: string | null;
    to_phone: string;
    at: string | Date;
  }>(sql`select id, status, reason, reference, to_phone, updated_at as at from messages
    where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`);
  const createdAt = new Date().toISOString();
  const events: Array<Omit<WebhookEvent, 'id'>> = rows.map((r) => ({
    type: 'message.status',
    createdAt,
    data: {
      messageId: r.id,
      status: r.status,
      reason: r.reason,
      reference: r.reference,
      to: r.to_phone,
      at: new Date(r.at).toISOString(),
    },
  }));
  const jobs: JobPayload<'webhook.deliver'>[] = [];
  for (const hook of hooks)
    for (let i = 0; i < events.length; i += EVENTS_PER_JOB)
      // Each webhook gets its own event ids: receivers deduplicate on them per endpoint.
      jobs.push({
        tenantId,
        webhookId: hook.id,
        events: events.slice(i, i + EVENTS_PER_JOB).map((e) => ({ id: randomUUID(), ...e })),
        attempt: 1,
      });
  await queue.enqueue(tx, 'webhook.deliver', jobs);
  return events.length;
}
