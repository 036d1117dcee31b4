import { type JobName, jobCatalog, SUBMIT_QUEUE_OPTIONS } from '@pregon/domain';
import { PgBoss } from 'pg-boss';

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
