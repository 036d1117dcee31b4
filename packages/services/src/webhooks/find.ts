import { type Tx, webhooks } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { UUID_PATTERN } from './view.ts';

/** One of the transaction tenant's webhooks (locked unless `lock` is false); another agency's is NOT_FOUND. */
export async function findWebhookForUpdate(
  tx: Tx,
  id: string,
  lock = true,
): Promise<typeof webhooks.$inferSelect> {
  const notFound = new AppError('NOT_FOUND', `No webhook ${id}`);
  if (!UUID_PATTERN.test(id)) throw notFound;
  const query = tx.select().from(webhooks).where(eq(webhooks.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound;
  return row;
}
