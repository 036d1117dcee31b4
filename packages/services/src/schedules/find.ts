import { schedules, services, type Tx } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import type { Actor } from '../context.ts';

/** The agency a schedule verb acts for, and who acts. */
export interface SchedulePrincipal {
  tenantId: string;
  actor: Actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One schedule of the transaction's tenant by id or name, locked for update unless `lock` is false. Another agency's
 * schedule is NOT_FOUND, like one that does not exist.
 */
export async function findScheduleForUpdate(tx: Tx, ref: string, lock = true) {
  const query = tx
    .select()
    .from(schedules)
    .where(UUID.test(ref) ? eq(schedules.id, ref) : eq(schedules.name, ref));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', `No schedule "${ref}"`);
  return row;
}

/** The slug of a schedule's service, for its view. */
export async function serviceSlug(tx: Tx, serviceId: string | null): Promise<string | null> {
  if (serviceId === null) return null;
  const [row] = await tx.select({ slug: services.slug }).from(services).where(eq(services.id, serviceId));
  return row?.slug ?? null;
}
