import { openDatabase } from '@pregon/db';
import type { JobName } from '@pregon/domain';
import { LANES, submitQueueName, URGENT_PRIORITY } from '@pregon/domain';
import {
  type CarrierSecrets,
  ConcatReferences,
  ensureQueue,
  loadCarriersForBinding,
  pgBossQueue,
  registerWorkers,
  type ServiceContext,
  startBoss,
  type WebhookSettings,
} from '@pregon/services';
import type { PgBoss, WorkOptions } from 'pg-boss';
import type { Logger } from 'pino';
import { type Handler, handlers, INBOUND_CONCURRENCY, parsePayload } from './handlers.ts';

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
  /**
   * Which workers this instance runs. `all` (the default, and the only one on the embedded database):
   * every queue. `urgent`: the keyword engine and the urgent sets of prepare and fan-out (replies,
   * emergency alerts). `bulk`: everything else, with pg-boss maintenance and cron. Run as two
   * processes (PREGON_DISPATCHER_ROLE), no blast step's work delays a reply's turn on an event loop.
   */
  role?: DispatcherRole;
}

export type DispatcherRole = 'all' | 'urgent' | 'bulk';

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

// One more worker on each of these two queues fetches only urgent jobs: replies to a citizen's text
// and emergency alerts (prepare), emergency broadcasts (fan-out). However busy the other workers are
// with an election blast's steps, an urgent job waits only for a fetch, not for a worker to free up.
const URGENT_PREPARE = {
  ...WORK,
  batchSize: PREPARE_BATCH,
  localConcurrency: 1,
  minPriority: URGENT_PRIORITY,
};
const URGENT_FANOUT = { ...FANOUT_WORK, localConcurrency: 1, minPriority: LANES.emergency };

const URGENT_SETS: Partial<Record<JobName, WorkOptions[]>> = {
  'inbound.process': [WORK],
  'message.prepare': [URGENT_PREPARE],
  'broadcast.fanout': [URGENT_FANOUT],
};
const BULK_SETS: Partial<Record<JobName, WorkOptions[]>> = {
  'message.prepare': [PREPARE_WORK],
  'broadcast.fanout': [FANOUT_WORK],
};

/** The worker sets of one queue under a role; none: that role leaves the queue alone. */
export const workSets = (name: JobName, role: DispatcherRole): WorkOptions[] => {
  const urgent = URGENT_SETS[name] ?? [];
  const bulk = name === 'inbound.process' ? [] : (BULK_SETS[name] ?? [WORK]);
  return role === 'urgent' ? urgent : role === 'bulk' ? bulk : [...bulk, ...urgent];
};
const workers = (name: JobName, role: DispatcherRole) =>
  workSets(name, role).reduce((n, set) => n + (set.localConcurrency ?? 1), 0);

/** Jobs with a pool of their own (see startDispatcher). */
const OWN_POOL: ReadonlySet<JobName> = new Set<JobName>([
  'broadcast.fanout',
  'message.prepare',
  'receipt.apply',
  'inbound.process',
  'webhook.deliver',
]);

/** Periodic jobs (pg-boss cron, minute resolution), evaluated in the platform's time zone. */
const SCHEDULES: ReadonlyArray<{ name: JobName; cron: string }> = [
  { name: 'retention.purge', cron: '7 * * * *' },
  { name: 'messages.sweep', cron: '* * * * *' },
  { name: 'schedules.tick', cron: '* * * * *' },
];

/** Starts the pg-boss workers of the catalog's jobs (all of them, or one role's). */
export async function startDispatcher(config: DispatcherConfig): Promise<Dispatcher> {
  const log = config.logger;
  const role = config.role ?? 'all';
  if (role !== 'all' && config.poolSize === 1)
    throw new Error('the dispatcher runs as one role on the embedded database (one shared session)');
  const chief = role !== 'urgent';
  const database = openDatabase({
    url: config.databaseUrl,
    max: config.poolSize,
    applicationName: 'pregon-dispatcher',
  });
  // Each busy kind of job gets its own pool of as many connections as it has workers (opened on
  // first use), so a keyword reply or a receipt never waits for a connection a fan-out or prepare
  // transaction holds: with one shared pool of 4, MO waited 5-20 s during a 100,000 blast. The rare
  // and periodic ones share the main pool. On the embedded database (pool 1, one shared session)
  // everything shares the one connection.
  const pools = new Map<JobName, ReturnType<typeof openDatabase>>();
  const dbFor = (name: JobName) => {
    if (config.poolSize === 1 || !OWN_POOL.has(name)) return database;
    let pool = pools.get(name);
    if (pool === undefined) {
      pool = openDatabase({
        url: config.databaseUrl,
        max: Math.min(
          config.poolSize,
          workers(name, role) * (name === 'inbound.process' ? INBOUND_CONCURRENCY : 1),
        ),
        applicationName: `pregon-dispatcher ${name}`,
      });
      pools.set(name, pool);
    }
    return pool;
  };
  const boss = await startBoss({
    connectionString: config.databaseUrl,
    max: config.poolSize,
    notify: config.queueNotify ?? true,
    supervise: chief,
    // pg-boss's cron runs here only; several dispatchers still send one job per occurrence.
    schedule: chief,
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
    const sets = workSets(name, role);
    if (sets.length === 0) continue;
    const jobCtx: ServiceContext = { ...ctx, db: dbFor(name).db };
    for (const options of sets)
      await registerWorkers(boss, name, options, async (jobs) => {
        const payloads = jobs.map((j) => parsePayload(name, j.data));
        const started = performance.now();
        await handler(payloads, { ctx: jobCtx, log: log.child({ job: name }), references });
        log.debug({ job: name, jobs: jobs.length, ms: Math.round(performance.now() - started) }, 'jobs done');
      });
  }
  if (chief)
    for (const { name, cron } of SCHEDULES) await boss.schedule(name, cron, {}, { tz: 'Europe/Madrid' });
  log.info(
    { role, queues: (Object.keys(handlers) as JobName[]).filter((n) => workSets(n, role).length > 0) },
    'dispatcher working',
  );
  return {
    boss,
    async stop() {
      // Stop fetching, let in-flight handlers finish, then close the pools.
      queue.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await Promise.all([database.close(), ...[...pools.values()].map((p) => p.close())]);
    },
  };
}
