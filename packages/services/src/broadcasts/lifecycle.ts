import { broadcasts, type Tx } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { UUID } from './principal.ts';

/** Locks a broadcast of the transaction's tenant for a status change; another agency's is NOT_FOUND. */
export async function lockBroadcast(tx: Tx, id: string): Promise<typeof broadcasts.$inferSelect> {
  const [b] = UUID.test(id)
    ? await tx.select().from(broadcasts).where(eq(broadcasts.id, id)).for('update')
    : [];
  if (!b) throw new AppError('NOT_FOUND', 'No such broadcast');
  return b;
}
