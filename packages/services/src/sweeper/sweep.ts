import { withNoTenant, withPlatform, withTenant } from '@pregon/db';
import { jobCatalog, SUBMIT_QUEUE_OPTIONS } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type FailedJob, findFailedJobs, retryFailedJobs } from '../dead-letters/failed-jobs.ts';

/** A failed job is given another go this long after it failed, so a short outage has passed. */
const STUCK_AFTER_MS = 10 * 60_000;
/** How many extra attempts the sweeper grants a job before leaving it to an operator. */
const SWEEP_ATTEMPTS = 3;
const JOBS_PER_RUN = 200;

export interface SweepRun {
  /** Failed jobs put back in line. */
  retried: Array<{ id: string; queue: string; messages: number }>;
  /** Failed jobs whose messages had all moved on (nothing to do). */
  settled: number;
}

/**
 * Finds messages stranded by a job that exhausted its retries — `accepted` or `scheduled` under a
 * failed message.prepare, `queued` under a failed carrier.submit.* — and retries that same job.
 * Retrying the job instead of enqueueing a new one never runs two jobs for one message at once (two
 * prepares would queue it twice; a second claim turns a message being submitted into `unknown`).
 * @example await sweepStuckMessages({ ctx, input: {} })
 */
export async function sweepStuckMessages({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { stuckAfterMs?: number };
}): Promise<SweepRun> {
  const now = ctx.now?.() ?? new Date();
  const failedBefore = new Date(now.getTime() - (input.stuckAfterMs ?? STUCK_AFTER_MS));
  const failed = (
    await withNoTenant(ctx.db, (tx) =>
      findFailedJobs(tx, { limit: JOBS_PER_RUN, failedBefore, queues: 'messages' }),
    )
  ).filter((j) => j.retryLimit < baseRetryLimit(j.queue) + SWEEP_ATTEMPTS);
  if (failed.length === 0) return { retried: [], settled: 0 };

  // Which of their messages still wait, checked under each message's own tenant.
  const waiting = new Map<string, string>();
  for (const [tenantId, ids] of messagesByTenant(failed)) {
    const rows = await withTenant(ctx.db, tenantId, (tx) =>
      tx.execute<{ id: string; status: string }>(sql`select id, status from messages
        where id in (select jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb)::uuid)
          and status in ('accepted', 'scheduled', 'queued')`),
    );
    for (const r of rows) waiting.set(r.id, r.status);
  }
  const stuck = failed
    .map((job) => {
      // A prepare job only acts on accepted/scheduled messages, a submit job only on queued ones.
      const wanted = job.queue === 'message.prepare' ? ['accepted', 'scheduled'] : ['queued'];
      const n = messagesOf(job).filter((m) => wanted.includes(waiting.get(m.messageId) ?? '')).length;
      return { job, messages: n };
    })
    .filter((s) => s.messages > 0);
  if (stuck.length === 0) return { retried: [], settled: failed.length };

  const retriedIds = new Set(
    await withPlatform(
      ctx.db,
      {
        actorKind: 'system',
        actorId: null,
        action: 'messages.sweep',
        detail: { jobs: stuck.map((s) => s.job.id) },
      },
      (tx) =>
        retryFailedJobs(
          tx,
          stuck.map((s) => s.job.id),
        ),
    ),
  );
  return {
    retried: stuck
      .filter((s) => retriedIds.has(s.job.id))
      .map((s) => ({ id: s.job.id, queue: s.job.queue, messages: s.messages })),
    settled: failed.length - stuck.length,
  };
}

function baseRetryLimit(queue: string): number {
  return queue === 'message.prepare'
    ? jobCatalog['message.prepare'].options.retryLimit
    : SUBMIT_QUEUE_OPTIONS.retryLimit;
}

/** (tenant, message) pairs a prepare or submit job carries; anything else in the payload is ignored. */
function messagesOf(job: FailedJob): Array<{ tenantId: string; messageId: string }> {
  const data = job.data as { tenantId?: unknown; messageIds?: unknown; items?: unknown } | null;
  if (!data || typeof data !== 'object') return [];
  const out: Array<{ tenantId: string; messageId: string }> = [];
  if (typeof data.tenantId === 'string' && Array.isArray(data.messageIds))
    for (const id of data.messageIds)
      if (typeof id === 'string') out.push({ tenantId: data.tenantId, messageId: id });
  if (Array.isArray(data.items))
    for (const item of data.items as Array<{ tenantId?: unknown; messageId?: unknown }>)
      if (typeof item?.tenantId === 'string' && typeof item.messageId === 'string')
        out.push({ tenantId: item.tenantId, messageId: item.messageId });
  return out;
}

function messagesByTenant(jobs: FailedJob[]): Map<string, Set<string>> {
  const byTenant = new Map<string, Set<string>>();
  for (const job of jobs)
    for (const m of messagesOf(job)) {
      const ids = byTenant.get(m.tenantId) ?? new Set<string>();
      ids.add(m.messageId);
      byTenant.set(m.tenantId, ids);
    }
  return byTenant;
}
