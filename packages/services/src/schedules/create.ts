import { agencies, auditEvents, schedules, senders, services, withTenant } from '@pregon/db';
import { AppError, checkE164 } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { messageLane } from '../messages/lane.ts';
import { pickSender } from '../messages/send.ts';
import { checkCron, checkTimeZone, nextRuns } from '../scheduling/cron.ts';
import { parseDuration } from '../scheduling/reminder.ts';
import type { SchedulePrincipal } from './find.ts';
import { type CreateScheduleInput, createScheduleInput, parseInput } from './spec.ts';
import { actorLabel, type ScheduleView, toScheduleView } from './view.ts';

/**
 * Creates a recurring schedule: a 5-field cron in an IANA time zone (default the agency's) and one
 * message or one broadcast to send at each occurrence. What can be checked now is (number, sender,
 * service, lane, durations), so a mistake shows here rather than as a failed run next week.
 * @example await createSchedule({ ctx, input: { name: 'recogida', cron: '0 19 * * 0', message: { to, text } }, principal })
 */
export async function createSchedule({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: CreateScheduleInput;
  principal: SchedulePrincipal;
}): Promise<ScheduleView> {
  const data = parseInput(createScheduleInput, input);
  if ((data.message === undefined) === (data.broadcast === undefined))
    throw new AppError('BAD_REQUEST', 'Give exactly one of "message" or "broadcast"', {
      details: { field: data.message === undefined ? 'message' : 'broadcast' },
    });
  if (data.broadcast !== undefined && data.service === undefined)
    throw new AppError('BAD_REQUEST', 'A broadcast schedule needs a "service"', {
      details: { field: 'service' },
    });
  const spec = data.message ?? data.broadcast;
  if (spec?.validFor !== undefined)
    parseDuration(spec.validFor, `${data.message ? 'message' : 'broadcast'}.validFor`);
  if (data.message) {
    const phone = checkE164(data.message.to);
    if (!phone.ok)
      throw new AppError('BAD_REQUEST', `"message.to" ${phone.reason}`, {
        details: { field: 'message.to', reason: 'invalid_number' },
      });
    data.message.to = phone.e164;
  }
  const now = ctx.now?.() ?? new Date();

  try {
    return await withTenant(ctx.db, principal.tenantId, async (tx) => {
      const [[agency], service, senderRows] = await Promise.all([
        tx.select({ timezone: agencies.timezone }).from(agencies).where(eq(agencies.id, principal.tenantId)),
        data.service === undefined
          ? Promise.resolve(undefined)
          : tx
              .select()
              .from(services)
              .where(eq(services.slug, data.service))
              .then((rows) => rows[0] ?? null),
        tx.select().from(senders).where(eq(senders.tenantId, principal.tenantId)),
      ]);
      if (service === null)
        throw new AppError('BAD_REQUEST', `Unknown service "${data.service}"`, {
          details: { field: 'service' },
        });
      const timezone = checkTimeZone(data.timezone ?? agency?.timezone ?? 'Europe/Madrid');
      const cron = checkCron(data.cron, timezone);
      const field = data.message ? 'message' : 'broadcast';
      if (spec?.lane !== undefined) wrapField(field, () => messageLane(service?.type, spec.lane));
      if (spec?.from !== undefined || data.message)
        wrapField(field, () => pickSender(senderRows, spec?.from, service?.id ?? null));
      const enabled = data.enabled ?? true;
      const [row] = await tx
        .insert(schedules)
        .values({
          tenantId: principal.tenantId,
          serviceId: service?.id ?? null,
          name: data.name,
          cron,
          timezone,
          kind: data.message ? 'message' : 'broadcast',
          spec: (data.message ?? data.broadcast) as Record<string, unknown>,
          enabled,
          nextRunAt: enabled ? (nextRuns(cron, timezone, now, 1)[0] ?? null) : null,
          createdBy: actorLabel(principal.actor),
        })
        .returning();
      if (!row) throw new AppError('INTERNAL', 'schedule insert returned nothing');
      await tx.insert(auditEvents).values({
        tenantId: principal.tenantId,
        ...auditActor(principal.actor),
        action: 'schedule.create',
        target: row.id,
        detail: { name: row.name, cron, timezone, kind: row.kind },
      });
      return toScheduleView(row, service?.slug ?? null);
    });
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `A schedule named "${data.name}" already exists`, {
        details: { field: 'name' },
      });
    throw error;
  }
}

/** Re-labels a spec check's error with the spec's prefix ("message.from"). */
function wrapField(prefix: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof AppError && typeof error.details?.field === 'string')
      throw new AppError(error.code, error.message.replace(/^"(\w+)"/, `"${prefix}.$1"`), {
        details: { ...error.details, field: `${prefix}.${error.details.field}` },
      });
    throw error;
  }
}
