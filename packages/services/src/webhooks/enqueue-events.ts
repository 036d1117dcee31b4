import { randomUUID } from 'node:crypto';
import type { Tx } from '@pregon/db';
import type { JobPayload, WebhookEventType } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { EVENTS_PER_JOB } from './settings.ts';

/**
 * Queues events of one type in the caller's (tenant) transaction: one query on the small webhooks
 * table, nothing when the agency has no enabled webhook for the type, else one `webhook.deliver`
 * job per webhook per 100 events. Returns how many events were queued per webhook.
 */
export async function enqueueWebhookEvents(
  tx: Tx,
  queue: JobQueue,
  tenantId: string,
  type: WebhookEventType,
  data: Array<Record<string, unknown>>,
): Promise<number> {
  if (data.length === 0) return 0;
  // RLS confines this to the transaction's tenant.
  const hooks = await tx.execute<{ id: string }>(
    sql`select id from webhooks where enabled and ${type} = any(events)`,
  );
  if (hooks.length === 0) return 0;
  const createdAt = new Date().toISOString();
  const jobs: JobPayload<'webhook.deliver'>[] = [];
  for (const hook of hooks)
    for (let i = 0; i < data.length; i += EVENTS_PER_JOB)
      // Each webhook gets its own event ids: receivers deduplicate on them per endpoint.
      jobs.push({
        tenantId,
        webhookId: hook.id,
        events: data
          .slice(i, i + EVENTS_PER_JOB)
          .map((d) => ({ id: randomUUID(), type, createdAt, data: d })),
        attempt: 1,
      });
  await queue.enqueue(tx, 'webhook.deliver', jobs);
  return data.length;
}
