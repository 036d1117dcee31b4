import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';

/**
 * Failed pg-boss jobs, read from pg-boss's own table (`pgboss.job`; pg-boss's findJobs cannot filter
 * by state). Only the queues whose failure strands messages or receipts count as dead letters.
 */
export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  /** pg-boss's serialized error (`{ name, message, stack }`), or what the worker failed it with. */
  output: unknown;
  retryCount: number;
  retryLimit: number;
  createdAt: string;
  failedAt: string | null;
}

const DEAD_LETTER_QUEUES = sql.raw(
  `(name in ('message.prepare', 'receipt.apply') or name like 'carrier.submit.%')`,
);

type Row = {
  id: string;
  name: string;
  data: unknown;
  output: unknown;
  retry_count: number;
  retry_limit: number;
  created_on: string;
  completed_on: string | null;
};

const toFailedJob = (r: Row): FailedJob => ({
  id: r.id,
  queue: r.name,
  data: r.data,
  output: r.output,
  retryCount: r.retry_count,
  retryLimit: r.retry_limit,
  createdAt: new Date(r.created_on).toISOString(),
  failedAt: r.completed_on === null ? null : new Date(r.completed_on).toISOString(),
});

/** Newest failures first; `failedBefore` keeps only those at least that old. */
export async function findFailedJobs(
  tx: Tx,
  options: { limit: number; failedBefore?: Date; queues?: 'all' | 'messages' },
): Promise<FailedJob[]> {
  if (!(await jobTableExists(tx))) return [];
  const before = options.failedBefore
    ? sql`and completed_on < ${options.failedBefore.toISOString()}::timestamptz`
    : sql``;
  const queues =
    options.queues === 'messages'
      ? sql.raw(`(name = 'message.prepare' or name like 'carrier.submit.%')`)
      : DEAD_LETTER_QUEUES;
  const rows = await tx.execute<Row>(sql`
    select id, name, data, output, retry_count, retry_limit, created_on::text, completed_on::text
    from pgboss.job where state = 'failed' and ${queues} ${before}
    order by completed_on desc nulls last, id limit ${options.limit}`);
  return rows.map(toFailedJob);
}

/** One job by id, whatever its state (for clear answers to an operator). */
export async function findJob(tx: Tx, id: string): Promise<{ queue: string; state: string } | null> {
  if (!(await jobTableExists(tx))) return null;
  const [row] = await tx.execute<{ name: string; state: string }>(
    sql`select name, state::text from pgboss.job where id = ${id}::uuid and ${DEAD_LETTER_QUEUES}`,
  );
  return row ? { queue: row.name, state: row.state } : null;
}

/**
 * Puts failed jobs back in line, as pg-boss's `retry()` does (plans.retryJobs in pg-boss 12): state
 * `retry`, one more attempt allowed, due now. Returns the ids that were still failed.
 */
export async function retryFailedJobs(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.execute<{ id: string }>(sql`
    update pgboss.job set state = 'retry', retry_limit = retry_limit + 1, completed_on = null,
      start_after = greatest(start_after, now())
    where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
      and state = 'failed' and ${DEAD_LETTER_QUEUES}
    returning id`);
  return rows.map((r) => r.id);
}

async function jobTableExists(tx: Tx): Promise<boolean> {
  const [row] = await tx.execute<{ present: boolean }>(
    sql`select to_regclass('pgboss.job') is not null as present`,
  );
  return row?.present ?? false;
}
