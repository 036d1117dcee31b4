// A backlog queued the way the REST path leaves it, without REST: accepted messages of one agency, their
// first history rows and `message.prepare` jobs of 1,000 ids, all in one transaction (as
// infra/bench/pregon-submit.ts does, whose helper is tied to the in-process stack).
import { randomUUID } from 'node:crypto';
import { type Database, messageEvents, messages, withTenant } from '@pregon/db';
import { LANES, type Lane } from '@pregon/domain';
import type { JobQueue } from '@pregon/services';

/** Message ids per message.prepare job (the catalog's maximum). */
const IDS_PER_JOB = 1000;
/** Rows per INSERT statement (well under PostgreSQL's 65,535 bind parameters). */
const ROWS_PER_INSERT = 2000;

export interface BacklogInput {
  readonly tenantId: string;
  readonly from: string;
  readonly recipients: readonly string[];
  readonly lane: Lane;
  readonly text: (i: number) => string;
}

/** Stores the backlog and its jobs in one transaction; resolves with the message ids after the commit. */
export async function queueBacklog(db: Database, queue: JobQueue, input: BacklogInput): Promise<string[]> {
  const { tenantId, recipients, lane } = input;
  const ids = recipients.map(() => randomUUID());
  await withTenant(db, tenantId, async (tx) => {
    for (let from = 0; from < ids.length; from += ROWS_PER_INSERT) {
      const slice = ids.slice(from, from + ROWS_PER_INSERT);
      await tx.insert(messages).values(
        slice.map((id, j) => ({
          id,
          tenantId,
          toPhone: recipients[from + j] ?? '',
          fromAddr: input.from,
          body: input.text(from + j),
          reference: `crash-${from + j}`,
          lane,
          status: 'accepted' as const,
        })),
      );
      await tx
        .insert(messageEvents)
        .values(slice.map((messageId) => ({ tenantId, messageId, status: 'accepted' as const })));
    }
    const payloads = [];
    for (let from = 0; from < ids.length; from += IDS_PER_JOB)
      payloads.push({ tenantId, messageIds: ids.slice(from, from + IDS_PER_JOB) });
    await queue.enqueue(tx, 'message.prepare', payloads, { priority: LANES[lane], group: { id: tenantId } });
  });
  return ids;
}
