import { type JobName, jobCatalog, SUBMIT_QUEUE_OPTIONS } from '@pregon/domain';
import { PgBoss, type WorkOptions } from 'pg-boss';

export interface BossConfig {
  connectionString: string;
  /** Pool size; 1 against the embedded PGlite server. */
  max?: number;
  /** Run pg-boss maintenance (one process per deployment is enough; the dispatcher does it). */
  supervise?: boolean;
  /** LISTEN/NOTIFY wake-ups (one more connection). Off on the embedded database's shared session. */
  notify?: boolean;
  onError?: (error: Error) => void;
  /** Run pg-boss's cron (`boss.schedule()`); only the dispatcher does. */
  schedule?: boolean;
}

/**
 * Starts pg-boss, creates every catalog queue, and lets pregon_app use the queue tables: jobs are
 * inserted inside tenant transactions, which run as that role.
 */
export async function startBoss(config: BossConfig): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: config.connectionString,
    max: config.max ?? 4,
    schema: 'pgboss',
    supervise: config.supervise ?? false,
    schedule: config.schedule ?? false,
    application_name: 'pregon-queue',
    useListenNotify: config.notify ?? false,
  });
  boss.on('error', (e: Error) => config.onError?.(e));
  await boss.start();
  for (const name of Object.keys(jobCatalog) as JobName[]) {
    await ensureQueue(boss, name, jobCatalog[name].options);
  }
  // Processes restarted together (after a crash) run this at once, and concurrent GRANTs on one table
  // fail with "tuple concurrently updated", killing the process. The statements share one implicit
  // transaction (simple query), so the advisory lock serializes them until it ends.
  await boss.getDb().executeSql(
    `select pg_advisory_xact_lock(hashtext('pregon.pgboss.grants'));
     grant usage on schema pgboss to pregon_app;
     grant select, insert, update, delete on all tables in schema pgboss to pregon_app;
     grant usage, select on all sequences in schema pgboss to pregon_app;
     grant execute on all functions in schema pgboss to pregon_app;
     alter default privileges in schema pgboss grant select, insert, update, delete on tables to pregon_app;`,
    [],
  );
  return boss;
}

/** Creates a queue once, or brings an existing one's notify setting up to date. */
export async function ensureQueue(
  boss: PgBoss,
  name: string,
  options: { notify?: boolean } = SUBMIT_QUEUE_OPTIONS,
): Promise<void> {
  const existing = await boss.getQueue(name);
  if (existing) {
    if (options.notify !== undefined && existing.notify !== options.notify)
      await boss.updateQueue(name, { notify: options.notify });
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Another process created it between the check and the create.
    if (!(await boss.getQueue(name))) throw error;
  }
}

/**
 * pg-boss bursts (fetches again at once) only after a full batch of more than one job; a worker that
 * fetches one job at a time waits out its poll delay after each, 5 s with NOTIFY on. NOTIFY covers a
 * job queued later, but not a backlog queued earlier: a hundred one-step broadcasts published together
 * went out one step per worker every 5 s (200 messages/s), and a carrier's submit workers paused 4.7 s
 * with a backlog left. So a one-job set runs as one registration per worker, and each wakes itself after
 * a job; an empty fetch ends the burst. Used by the dispatcher's fan-out and the gateway's submit queues.
 */
export async function registerWorkers(
  boss: PgBoss,
  name: string,
  options: WorkOptions,
  run: (jobs: Array<{ data: unknown }>) => Promise<void>,
): Promise<void> {
  if (options.batchSize !== 1) {
    await boss.work(name, options, run);
    return;
  }
  for (let i = 0; i < (options.localConcurrency ?? 1); i++) {
    let workerId = '';
    workerId = await boss.work(name, { ...options, localConcurrency: 1 }, async (jobs) => {
      await run(jobs);
      if (workerId !== '') boss.notifyWorker(workerId);
    });
  }
}
