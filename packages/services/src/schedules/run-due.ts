import { type ScheduleRunResult, schedules, services, type Tx, withNoTenant, withTenant } from '@pregon/db';
import { AppError, isAppError } from '@pregon/domain';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { createBroadcast } from '../broadcasts/create.ts';
import type { ServiceContext } from '../context.ts';
import { sendMessage } from '../messages/send.ts';
import { type DueOccurrence, dueOccurrence, localTime } from '../scheduling/cron.ts';
import { runValidUntil, type ScheduleBroadcastSpec, type ScheduleMessageSpec } from './spec.ts';

/** Due schedules claimed per round; a tick goes round again while rounds come back full. */
const PER_ROUND = 200;
const MAX_ROUNDS = 20;

export interface ScheduleTick {
  ran: Array<{ id: string; tenantId: string; outcome: ScheduleRunResult['outcome']; missed: number }>;
}

type ScheduleRow = typeof schedules.$inferSelect;

/**
 * Runs every schedule whose next occurrence has come (the `schedules.tick` job, every minute). Each
 * is claimed with FOR UPDATE SKIP LOCKED and advanced in the same transaction as the message it
 * creates (a broadcast: made just before, idempotent per occurrence), so two ticks at once, a crash
 * or a retry never run one occurrence twice. After downtime
 * only the latest passed occurrence runs (the others are counted as missed), unless its `validFor`
 * has also passed: then it is skipped. A run whose spec no longer works (sender removed) is recorded
 * as failed and the schedule still moves on; a database error rolls the tenant's runs back whole.
 * @example await runDueSchedules({ ctx, input: {} })
 */
export async function runDueSchedules({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { limit?: number };
}): Promise<ScheduleTick> {
  const now = ctx.now?.() ?? new Date();
  const limit = input.limit ?? PER_ROUND;
  const tick: ScheduleTick = { ran: [] };
  const failures: Array<{ tenantId: string; error: unknown }> = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Ids and tenants only (a narrow SECURITY DEFINER lookup); the rows are read under each tenant.
    const due = await withNoTenant(ctx.db, (tx) =>
      tx.execute<{ id: string; tenant_id: string }>(
        sql`select id, tenant_id from pregon_due_schedules(${now.toISOString()}::timestamptz, ${limit})`,
      ),
    );
    const byTenant = new Map<string, string[]>();
    for (const d of due) byTenant.set(d.tenant_id, [...(byTenant.get(d.tenant_id) ?? []), d.id]);
    let ran = 0;
    for (const [tenantId, ids] of byTenant) {
      try {
        const broadcastRuns = await runBroadcasts(ctx, tenantId, ids, now);
        const runs = await withTenant(ctx.db, tenantId, (tx) =>
          runClaimed(ctx, tx, tenantId, ids, now, broadcastRuns),
        );
        tick.ran.push(...runs);
        ran += runs.length;
      } catch (error) {
        // One agency's failure (rolled back whole) must not stop the others' schedules.
        failures.push({ tenantId, error });
      }
    }
    // Rows another tick holds are skipped, not waited for: that tick runs them.
    if (due.length < limit || ran === 0) break;
  }
  const [first] = failures;
  if (first)
    throw new AppError(
      'INTERNAL',
      `schedules of ${failures.length} agencies could not run (first: ${first.tenantId}); they are tried again next tick`,
      { cause: first.error, retryable: true },
    );
  return tick;
}

/** A broadcast run done before its claim, for the next_run_at it was due at. */
interface BroadcastRun {
  dueAt: number;
  due: DueOccurrence;
  result: ScheduleRunResult;
}

async function runClaimed(
  ctx: ServiceContext,
  tx: Tx,
  tenantId: string,
  ids: string[],
  now: Date,
  broadcastRuns: Map<string, BroadcastRun>,
): Promise<ScheduleTick['ran']> {
  // Re-checked under the lock: a row another tick advanced and committed is no longer due.
  const rows = await tx
    .select({ schedule: schedules, service: services.slug })
    .from(schedules)
    .leftJoin(services, eq(services.id, schedules.serviceId))
    .where(and(inArray(schedules.id, ids), eq(schedules.enabled, true), lte(schedules.nextRunAt, now)))
    .for('update', { of: schedules, skipLocked: true });
  const ran: ScheduleTick['ran'] = [];
  for (const { schedule, service } of rows) {
    if (schedule.nextRunAt === null) continue;
    let due: DueOccurrence;
    let result: ScheduleRunResult;
    if (schedule.kind === 'broadcast') {
      const done = broadcastRuns.get(schedule.id);
      // Changed since its broadcast was made (or made by no one yet): the next tick looks again.
      if (!done || done.dueAt !== schedule.nextRunAt.getTime()) continue;
      ({ due, result } = done);
    } else {
      due = dueOccurrence(schedule.cron, schedule.timezone, schedule.nextRunAt, now);
      result = await runMessage(ctx, tx, schedule, service, due, now);
    }
    await tx
      .update(schedules)
      .set({
        nextRunAt: due.next,
        lastRunAt: now,
        lastResult: result,
        runCount: sql`${schedules.runCount} + 1`,
        updatedAt: now,
      })
      .where(eq(schedules.id, schedule.id));
    ran.push({ id: schedule.id, tenantId, outcome: result.outcome, missed: due.missed });
  }
  return ran;
}

/** The occurrence's validity, or a `skipped` result when it has already passed. */
function runTiming(schedule: ScheduleRow, due: DueOccurrence, now: Date) {
  const base = { occurrence: due.occurrence.toISOString(), missed: due.missed };
  const validUntil = runValidUntil(schedule.spec as { validFor?: string }, due.occurrence);
  if (validUntil && validUntil <= now) return { base, skipped: { ...base, outcome: 'skipped' as const } };
  return { base, timing: validUntil ? { validUntil: validUntil.toISOString() } : {} };
}

/** What a run that threw leaves in last_result; errors that are not the spec's go up. */
function failedRun(base: { occurrence: string; missed: number }, error: unknown): ScheduleRunResult {
  if (isAppError(error) && !error.retryable)
    return { ...base, outcome: 'failed', error: { code: error.code, message: error.message } };
  // A spec the verb no longer accepts (its rules changed since the schedule was created).
  if (error instanceof z.ZodError)
    return { ...base, outcome: 'failed', error: { code: 'BAD_REQUEST', message: z.prettifyError(error) } };
  throw error;
}

async function runMessage(
  ctx: ServiceContext,
  tx: Tx,
  schedule: ScheduleRow,
  service: string | null,
  due: DueOccurrence,
  now: Date,
): Promise<ScheduleRunResult> {
  const { base, skipped, timing } = runTiming(schedule, due, now);
  if (skipped) return skipped;
  const { validFor: _validFor, ...spec } = schedule.spec as ScheduleMessageSpec;
  try {
    // A savepoint: a run that fails validation leaves the other runs of this transaction intact.
    const sent = await tx.transaction((sp) =>
      sendMessage({
        ctx,
        input: { ...spec, ...(service ? { service } : {}), ...timing },
        principal: { tenantId: schedule.tenantId, apiKeyId: null, scheduleId: schedule.id },
        tx: sp,
      }),
    );
    return { ...base, outcome: 'sent', messageId: sent.body.id };
  } catch (error) {
    return failedRun(base, error);
  }
}

/**
 * Broadcast runs happen before the claim, outside its transaction: createBroadcast commits on a
 * connection of its own (the embedded database has one). The idempotency key per occurrence makes
 * ticks that race, or one that dies before its claim commits, get the same broadcast back.
 */
async function runBroadcasts(
  ctx: ServiceContext,
  tenantId: string,
  ids: string[],
  now: Date,
): Promise<Map<string, BroadcastRun>> {
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx
      .select({ schedule: schedules, service: services.slug })
      .from(schedules)
      .leftJoin(services, eq(services.id, schedules.serviceId))
      .where(
        and(
          inArray(schedules.id, ids),
          eq(schedules.kind, 'broadcast'),
          eq(schedules.enabled, true),
          lte(schedules.nextRunAt, now),
        ),
      ),
  );
  const runs = new Map<string, BroadcastRun>();
  for (const { schedule, service } of rows) {
    if (schedule.nextRunAt === null) continue;
    const due = dueOccurrence(schedule.cron, schedule.timezone, schedule.nextRunAt, now);
    const { base, skipped, timing } = runTiming(schedule, due, now);
    let result: ScheduleRunResult;
    if (skipped) result = skipped;
    else {
      const { validFor: _validFor, ...spec } = schedule.spec as ScheduleBroadcastSpec;
      try {
        const created = await createBroadcast({
          ctx,
          input: {
            ...spec,
            name: `${spec.name} · ${localTime(due.occurrence, schedule.timezone)}`,
            service: service ?? '',
            ...timing,
          },
          principal: { tenantId, actor: { kind: 'system' }, apiKeyId: null },
          idempotencyKey: `schedule:${schedule.id}:${due.occurrence.toISOString()}`,
        });
        result = { ...base, outcome: 'sent', broadcastId: created.body.id };
      } catch (error) {
        result = failedRun(base, error);
      }
    }
    runs.set(schedule.id, { dueAt: schedule.nextRunAt.getTime(), due, result });
  }
  return runs;
}
