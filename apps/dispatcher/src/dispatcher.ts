import { openDatabase } from '@pregon/db';
import type { JobName } from '@pregon/domain';
import { submitQueueName } from '@pregon/domain';
import {
  type CarrierSecrets,
  ConcatReferences,
  ensureQueue,
  loadCarriersForBinding,
  pgBossQueue,
  type ServiceContext,
  startBoss,
  type WebhookSettings,
} from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { type Handler, handlers, parsePayload } from './handlers.ts';

export interface DispatcherConfig {
  databaseUrl: string;
  poolSize: number;
  /** LISTEN/NOTIFY wake-ups for queue workers (default on; off on the embedded database). */
  queueNotify?: boolean;
  logger: Logger;
  /** Seals and opens carrier passwords; without it only legacy plaintext carriers can bind. */
  secrets?: CarrierSecrets;
  /** Webhook URL rule and delivery limits (loopback targets, failure thresholds); defaults otherwise. */
  webhooks?: WebhookSettings;
  /** Messages per phone per rolling hour across every agency (main.ts: PREGON_RECIPIENT_CAP_PER_HOUR); unset: no cap. */
  recipientCapPerHour?: number;
}

export interface Dispatcher {
  boss: PgBoss;
  stop(): Promise<void>;
}

// A full batch fetches again at once (burst); otherwise NOTIFY wakes the workers, polling is the floor.
const WORK = {
  batchSize: 100,
  localConcurrency: 2,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
  burstWhenBatchFull: true,
} as const;
// message.prepare jobs carry the tenant as their group: one agency may fill every worker but one,
// so another agency's messages are prepared while a flood is. A job holds up to 1,000 messages (a
// fan-out step's), so a worker fetches 10, not 100: a fetch of 100 steps is 100,000 messages, and a
// reply or an emergency alert fetched by priority would wait for all of them to finish.
const PREPARE_BATCH = 10;
const PREPARE_WORK = {
  ...WORK,
  batchSize: PREPARE_BATCH,
  localConcurrency: WORK.localConcurrency + 1,
  groupConcurrency: PREPARE_BATCH * WORK.localConcurrency,
} as const;
// A fan-out step is a 1,000-recipient transaction: one at a time per worker, so an emergency
// broadcast's first step is next (by priority) after the steps in hand, not after a hundred of them.
const FANOUT_WORK = { ...WORK, batchSize: 1 } as const;

const workOptions = (name: JobName) =>
  name === 'message.prepare' ? PREPARE_WORK : name === 'broadcast.fanout' ? FANOUT_WORK : WORK;

/** Periodic jobs (pg-boss cron, minute resolution), evaluated in the platform's time zone. */
const SCHEDULES: ReadonlyArray<{ name: JobName; cron: string }> = [
  { name: 'retention.purge', cron: '7 * * * *' },
  { name: 'messages.sweep', cron: '* * * * *' },
  { name: 'schedules.tick', cron: '* * * * *' },
];

/** Starts the pg-boss workers for every job in the catalog. */
export async function startDispatcher(config: DispatcherConfig): Promise<Dispatcher> {
  const log = config.logger;
  const database = openDatabase({
    url: config.databaseUrl,
    max: config.poolSize,
    applicationName: 'pregon-dispatcher',
  });
  const boss = await startBoss({
    connectionString: config.databaseUrl,
    max: config.poolSize,
    notify: config.queueNotify ?? true,
    supervise: true,
    // pg-boss's cron runs here only; several dispatchers still send one job per occurrence.
    schedule: true,
    onError: (e) => log.error({ err: e }, 'queue error'),
  });
  const queue = pgBossQueue(boss);
  const ctx: ServiceContext = {
    db: database.db,
    queue,
    ...(config.secrets ? { secrets: config.secrets } : {}),
    ...(config.webhooks ? { webhooks: config.webhooks } : {}),
    ...(config.recipientCapPerHour === undefined ? {} : { recipientCapPerHour: config.recipientCapPerHour }),
  };
  // Prepared messages go to per-carrier queues: make sure they exist and are known before work starts.
  for (const carrier of await loadCarriersForBinding({ ctx }))
    await ensureQueue(boss, submitQueueName(carrier.id));
  await queue.refresh();
  // One per process: concatenation references rotate per destination across batches.
  const references = new ConcatReferences();
  for (const name of Object.keys(handlers) as JobName[]) {
    const handler = handlers[name] as Handler<JobName>;
    await boss.work(name, workOptions(name), async (jobs) => {
      const payloads = jobs.map((j) => parsePayload(name, j.data));
      const started = performance.now();
      await handler(payloads, { ctx, log: log.child({ job: name }), references });
      log.debug({ job: name, jobs: jobs.length, ms: Math.round(performance.now() - started) }, 'jobs done');
    });
  }
  for (const { name, cron } of SCHEDULES) await boss.schedule(name, cron, {}, { tz: 'Europe/Madrid' });
  log.info({ queues: Object.keys(handlers) }, 'dispatcher working');
  return {
    boss,
    async stop() {
      // Stop fetching, let in-flight handlers finish, then close the pools.
      queue.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await database.close();
    },
  };
}
