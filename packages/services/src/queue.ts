import type { Database, Tx } from '@pregon/db';
import { AppError, type JobName, jobCatalog } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { EnqueueOptions, JobQueue } from './context.ts';

export interface PgBossJobQueue extends JobQueue {
  /** Learns every queue that exists now; call once before use (startBoss does). */
  refresh(): Promise<void>;
  close(): void;
}

/**
 * A JobQueue over pg-boss: payloads are validated against the catalog and inserted as one batch in
 * the caller's transaction. pg-boss looks up an unknown queue on its own pool; inside a transaction
 * on the embedded database (one shared session) that lookup would wait for the transaction forever,
 * so queues are learned outside transactions, and an enqueue to one not yet learned is retried later.
 */
export function pgBossQueue(boss: PgBoss, options: { refreshMs?: number } = {}): PgBossJobQueue {
  const known = new Set<string>();
  async function refresh(): Promise<void> {
    for (const q of await boss.getQueues()) {
      if (known.has(q.name)) continue;
      await boss.insert(q.name, []); // warms pg-boss's queue cache, outside any transaction
      known.add(q.name);
    }
  }
  const timer = setInterval(() => void refresh().catch(() => {}), options.refreshMs ?? 5_000);
  timer.unref();

  async function insert(
    tx: Tx | Database,
    queue: string,
    payloads: object[],
    base: object,
    opts: EnqueueOptions = {},
  ) {
    if (payloads.length === 0) return;
    if (!known.has(queue))
      throw new AppError('UNAVAILABLE', `queue ${queue} is not known to this process yet`, {
        retryable: true,
      });
    await boss.insert(
      queue,
      payloads.map((data) => ({
        data,
        ...base,
        ...(opts.priority === undefined ? {} : { priority: opts.priority }),
        ...(opts.startAfter === undefined ? {} : { startAfter: opts.startAfter }),
        ...(opts.singletonKey === undefined ? {} : { singletonKey: opts.singletonKey }),
        ...(opts.group === undefined ? {} : { group: { id: opts.group.id } }),
      })),
      { db: fromDrizzle(tx, sql) },
    );
  }
  return {
    refresh,
    close: () => clearInterval(timer),
    async enqueue(tx, name: JobName, payloads, opts) {
      const entry = jobCatalog[name];
      const valid = payloads.map((p) => entry.payload.parse(p));
      await insert(tx, name, valid, entry.options, opts);
    },
    async enqueueRaw(tx, queue, payloads, opts) {
      await insert(tx, queue, payloads, {}, opts);
    },
  };
}
