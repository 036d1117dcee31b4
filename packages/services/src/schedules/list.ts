import { schedules, services, withTenant } from '@pregon/db';
import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { nextRuns } from '../scheduling/cron.ts';
import { findScheduleForUpdate, type SchedulePrincipal, serviceSlug } from './find.ts';
import { type ScheduleView, toScheduleView } from './view.ts';

const MAX_LISTED = 500;

/** An agency's schedules, by name. */
export async function listSchedules({
  ctx,
  principal,
}: {
  ctx: ServiceContext;
  principal: Pick<SchedulePrincipal, 'tenantId'>;
}): Promise<ScheduleView[]> {
  const rows = await withTenant(ctx.db, principal.tenantId, (tx) =>
    tx
      .select({ schedule: schedules, service: services.slug })
      .from(schedules)
      .leftJoin(services, eq(services.id, schedules.serviceId))
      .orderBy(asc(schedules.name))
      .limit(MAX_LISTED),
  );
  return rows.map((r) => toScheduleView(r.schedule, r.service));
}

/** One schedule (by id or name) with its next `count` run times (none while disabled). */
export async function getSchedule({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: { schedule: string; count?: number };
  principal: Pick<SchedulePrincipal, 'tenantId'>;
}): Promise<ScheduleView & { nextRuns: string[] }> {
  const { row, service } = await withTenant(ctx.db, principal.tenantId, async (tx) => {
    const found = await findScheduleForUpdate(tx, input.schedule, false);
    return { row: found, service: await serviceSlug(tx, found.serviceId) };
  });
  const count = Math.min(Math.max(input.count ?? 5, 1), 50);
  // The first is the stored next_run_at (it may be due and not yet run), then what follows it.
  const first = row.nextRunAt;
  const runs =
    !row.enabled || first === null ? [] : [first, ...nextRuns(row.cron, row.timezone, first, count - 1)];
  return { ...toScheduleView(row, service), nextRuns: runs.map((d) => d.toISOString()) };
}
