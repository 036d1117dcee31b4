import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase } from '@pregon/db';
import {
  type CarrierSecrets,
  pgBossQueue,
  type ServiceContext,
  startBoss,
  type WebhookSettings,
} from '@pregon/services';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { MoIntake } from './inbound/mo-intake.ts';
import { CarrierLinks } from './links/carrier-links.ts';
import type { BindLockoutOptions } from './listener/bind-lockout.ts';
import { type SmppListener, startSmppListener } from './listener/smpp-listener.ts';

export interface GatewayConfig {
  databaseUrl: string;
  poolSize: number;
  /** LISTEN/NOTIFY wake-ups for queue workers (default on; off on the embedded database). */
  queueNotify?: boolean;
  httpPort: number;
  httpHost: string;
  consoleDir: string | null;
  apiRatePerSecond: number;
  /** Bearer token GET /metrics requires; null: open (bind HTTP_HOST to a private address). */
  metricsToken?: string | null;
  /** Client addresses from X-Forwarded-For (behind a trusted reverse proxy). */
  trustProxy?: boolean;
  logger: Logger;
  /** Seals and opens carrier passwords; without it only legacy plaintext carriers can bind. */
  secrets?: CarrierSecrets;
  /** Webhook URL rule and delivery limits (loopback targets, failure thresholds); defaults otherwise. */
  webhooks?: WebhookSettings;
  /** SMPP listener for agency ESMEs; absent or 0 picks a free port (tests), main.ts passes SMPP_PORT. */
  smppPort?: number;
  /** Default: httpHost. */
  smppHost?: string;
  /** Failed binds/outbinds per source before a lockout; default DEFAULT_BIND_LOCKOUT. */
  smppLockout?: BindLockoutOptions;
  /** How long a concatenated MO waits for its missing parts before it is stored incomplete; default 60000. */
  moReassemblyMs?: number;
  /** deliver_sm a carrier bind or outbind may hold unanswered, beyond it ESME_RTHROTTLED; default 1000. */
  deliverWindow?: number;
}

export interface Gateway {
  /** The port actually listened on (useful with httpPort 0). */
  port: number;
  links: CarrierLinks;
  /** The SMPP listener agency systems bind to; its `port` is the one actually listened on. */
  smppListener: SmppListener;
  stop(): Promise<void>;
}

/** Opens the pools, binds to the carriers, and serves HTTP. */
export async function startGateway(config: GatewayConfig): Promise<Gateway> {
  const log = config.logger;
  const database = openDatabase({
    url: config.databaseUrl,
    max: config.poolSize,
    applicationName: 'pregon-gateway',
  });
  const boss = await startBoss({
    connectionString: config.databaseUrl,
    max: config.poolSize,
    notify: config.queueNotify ?? true,
    onError: (err) => log.error({ err }, 'queue error'),
  });
  const queue = pgBossQueue(boss);
  const services: ServiceContext = {
    db: database.db,
    queue,
    ...(config.secrets ? { secrets: config.secrets } : {}),
    ...(config.webhooks ? { webhooks: config.webhooks } : {}),
  };
  // Receipts, MO and bind leases on a pool of their own (one shared connection on the embedded
  // database): under a blast, the submit path's claims and records held every connection, receipts
  // waited to be stored, and the carrier's deliver_sm window (MO included) queued up behind them.
  const intakeDatabase =
    config.poolSize > 1
      ? // Four receipt writes at once (receipt-buffer.ts) and one MO write.
        openDatabase({ url: config.databaseUrl, max: 5, applicationName: 'pregon-gateway intake' })
      : null;
  const intake: ServiceContext = intakeDatabase ? { ...services, db: intakeDatabase.db } : services;
  // The submit path (claims and records) on a pool of its own too: a blast kept every connection of
  // the main pool busy, and an emergency alert's POST waited about a second for one.
  const submitDatabase =
    config.poolSize > 1
      ? openDatabase({
          url: config.databaseUrl,
          max: config.poolSize,
          applicationName: 'pregon-gateway submit',
        })
      : null;
  const submitting: ServiceContext = submitDatabase ? { ...services, db: submitDatabase.db } : services;
  const mo = new MoIntake({
    ctx: intake,
    logger: log,
    reassemblyTimeoutMs: config.moReassemblyMs ?? 60_000,
  });
  const deliverWindow = config.deliverWindow === undefined ? {} : { deliverWindow: config.deliverWindow };
  const links = new CarrierLinks({
    ctx: submitting,
    intakeCtx: intake,
    boss,
    mo,
    logger: log,
    ...deliverWindow,
  });
  await links.start();
  await queue.refresh();
  const smppListener = await startSmppListener({
    ctx: services,
    logger: log.child({ component: 'smpp-listener' }),
    mo,
    ...(config.smppLockout ? { lockout: config.smppLockout } : {}),
    host: config.smppHost ?? config.httpHost,
    port: config.smppPort ?? 0,
    ...deliverWindow,
  });
  const app = createApp({
    services,
    logger: log,
    links,
    linkMetrics: { sessionStats: () => [...links.sessionStats(), ...smppListener.outbindStats()] },
    consoleDir: config.consoleDir,
    apiRatePerSecond: config.apiRatePerSecond,
    metricsToken: config.metricsToken ?? null,
    trustProxy: config.trustProxy ?? false,
  });
  const server = serve({ fetch: app.fetch, port: config.httpPort, hostname: config.httpHost });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'gateway listening');
  return {
    port,
    links,
    smppListener,
    async stop() {
      // Stop taking requests, then drain SMPP (in-flight responses, unbind), store held MO, close the pools.
      await smppListener.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await links.stop();
      await mo.stop();
      queue.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await Promise.all([database.close(), intakeDatabase?.close(), submitDatabase?.close()]);
    },
  };
}
