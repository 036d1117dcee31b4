import { agencyQuotas, type Tx } from '@pregon/db';
import { eq } from 'drizzle-orm';

/**
 * The agency's quota row, locked: prepares of one agency with quotas then check and count one after
 * another, so two batches at once cannot both take the last messages under a block level.
 */
export async function lockQuotaRow(
  tx: Tx,
  tenantId: string,
): Promise<typeof agencyQuotas.$inferSelect | undefined> {
  const [row] = await tx.select().from(agencyQuotas).where(eq(agencyQuotas.tenantId, tenantId)).for('update');
  return row;
}
