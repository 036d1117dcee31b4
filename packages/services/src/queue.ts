import type { Tx } from '@pregon/db';
import { jobCatalog, type JobName } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { EnqueueOptions, JobQueue } from './context.ts';

/** A JobQueue over pg-boss: payloads are validated against the catalog, inserted as one batch. */
export function pgBossQueue(boss: PgBoss): JobQueue {
  async function insert(tx: Tx, queue: string, payloads: object[], base: object, options: EnqueueOptions = {}) {
    if (payloads.length === 0) return;
    await boss.insert(
      queue,
      payloads.map((data) => ({
        data,
        ...base,
        ...(options.priority === undefined ? {} : { priority: options.priority }),
        ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }),
        ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey }),
      })),
      { db: fromDrizzle(tx, sql) },
    );
  }
  return {
    async enqueue(tx, name: JobName, payloads, options) {
      const entry = jobCatalog[name];
      const valid = payloads.map((p) => entry.payload.parse(p));
      await insert(tx, name, valid, entry.options, options);
    },
    async enqueueRaw(tx, queue, payloads, options) {
      await insert(tx, queue, payloads, {}, options);
    },
  };
}
