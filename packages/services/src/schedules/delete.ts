import { auditEvents, schedules, withTenant } from '@pregon/db';
import { eq } from 'drizzle-orm';
import { auditActor, type ServiceContext } from '../context.ts';
import { findScheduleForUpdate, type SchedulePrincipal } from './find.ts';

/** Deletes a schedule; messages its runs created stay (their schedule_id becomes null). */
export async function deleteSchedule({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { schedule: string };
  principal: SchedulePrincipal;
}): Promise<{ id: string; deleted: true }> {
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const current = await findScheduleForUpdate(tx, input.schedule);
    await tx.delete(schedules).where(eq(schedules.id, current.id));
    await tx.insert(auditEvents).values({
      tenantId: principal.tenantId,
      ...auditActor(principal.actor),
      action: 'schedule.delete',
      target: current.id,
      detail: { name: current.name, cron: current.cron },
    });
    return { id: current.id, deleted: true as const };
  });
}
