import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '../context.ts';
import { matchMo } from '../keywords/match.ts';
import type { OwnedWord } from '../keywords/number-context.ts';
import { enqueueWebhookEvents } from './enqueue-events.ts';

/** How the engine read an MO, as agencies see it: the kind and, for a keyword, its canonical word. */
export function describeMatch(
  text: string,
  words: readonly OwnedWord[],
): { kind: string; keyword: string | null } {
  const intent = matchMo(text, [...words]);
  if (intent.kind !== 'keyword') return { kind: intent.kind, keyword: null };
  return { kind: 'keyword', keyword: words.find((w) => w.keywordId === intent.keywordId)?.keyword ?? null };
}

/**
 * Queues `message.inbound` for an MO the engine just assigned to this agency, in the same tenant
 * transaction as the assignment (so an agency hears of exactly the MO it owns).
 */
export async function enqueueInboundWebhook(
  tx: Tx,
  queue: JobQueue,
  tenantId: string,
  inboundMessageId: string,
  matched: { kind: string; keyword: string | null },
): Promise<number> {
  const [mo] = await tx.execute<{
    id: string;
    source: string;
    destination: string;
    text: string;
    received_at: string | Date;
    service: string | null;
  }>(sql`select m.id, m.source, m.destination, m.text, m.received_at, s.slug as service
    from inbound_messages m left join services s on s.id = m.service_id
    where m.id = ${inboundMessageId}::uuid`);
  if (!mo) return 0;
  return enqueueWebhookEvents(tx, queue, tenantId, 'message.inbound', [
    {
      inboundMessageId: mo.id,
      from: mo.source,
      to: mo.destination,
      text: mo.text,
      service: mo.service,
      keyword: matched.keyword,
      kind: matched.kind,
      receivedAt: new Date(mo.received_at).toISOString(),
    },
  ]);
}
