import { auditEvents, schedules, withTenant } from '@pregon/db';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { auditActor } from '../context.ts';
import { nextRuns } from '../scheduling/cron.ts';
import { findScheduleForUpdate, type SchedulePrincipal, serviceSlug } from './find.ts';
import { type ScheduleView, toScheduleView } from './view.ts';

/**
 * Turns a schedule off or back on. Re-enabling waits for the next occurrence after now: what
 * passed while it was off is not sent. Doing what is already so changes nothing.
 */
export async function setScheduleEnabled({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { schedule: string; enabled: boolean };
  principal: SchedulePrincipal;
}): Promise<ScheduleView> {
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const current = await findScheduleForUpdate(tx, input.schedule);
    const service = await serviceSlug(tx, current.serviceId);
    if (current.enabled === input.enabled) return toScheduleView(current, service);
    const [row] = await tx
      .update(schedules)
      .set({
        enabled: input.enabled,
        nextRunAt: input.enabled ? (nextRuns(current.cron, current.timezone, now, 1)[0] ?? null) : null,
        updatedAt: now,
      })
      .where(eq(schedules.id, current.id))
      .returning();
    await tx.insert(auditEvents).values({
      tenantId: principal.tenantId,
      ...auditActor(principal.actor),
      action: input.enabled ? 'schedule.enable' : 'schedule.disable',
      target: current.id,
      detail: { name: current.name },
    });
    return toScheduleView(row ?? current, service);
  });
}
