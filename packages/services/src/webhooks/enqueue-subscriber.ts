import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { enqueueWebhookEvents } from './enqueue-events.ts';

/** One change of a phone's standing with a service (null: every service of the agency on `number`). */
export interface SubscriberChange {
  phone: string;
  serviceId: string | null;
  /** The number the citizen texted, as a sender address ('21700'). */
  number: string | null;
  /** 'sms' for a citizen's own text, 'web' for the public signup page; 'console' and 'api' when the agency records it. */
  source: 'sms' | 'web' | 'console' | 'api';
  inboundMessageId: string | null;
  at: Date;
}

/**
 * Queues `subscriber.opted_out` or `subscriber.opted_in` events in the caller's tenant transaction,
 * naming services by slug (null: all on the number).
 */
export async function enqueueSubscriberWebhooks(
  tx: Tx,
  queue: JobQueue,
  tenantId: string,
  type: 'subscriber.opted_out' | 'subscriber.opted_in',
  changes: readonly SubscriberChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const ids = [...new Set(changes.flatMap((c) => (c.serviceId === null ? [] : [c.serviceId])))];
  const slugs = new Map<string, string>();
  if (ids.length > 0) {
    const rows = await tx.execute<{ id: string; slug: string }>(
      sql`select id, slug from services where id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    for (const r of rows) slugs.set(r.id, r.slug);
  }
  return enqueueWebhookEvents(
    tx,
    queue,
    tenantId,
    type,
    changes.map((c) => ({
      phone: c.phone,
      service: c.serviceId === null ? null : (slugs.get(c.serviceId) ?? null),
      number: c.number,
      source: c.source,
      inboundMessageId: c.inboundMessageId,
      at: c.at.toISOString(),
    })),
  );
}
