import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase } from '@pregon/db';
import { pgBossQueue, type ServiceContext, startBoss } from '@pregon/services';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { CarrierLinks } from './links/carrier-links.ts';

export interface GatewayConfig {
  databaseUrl: string;
  poolSize: number;
  httpPort: number;
  httpHost: string;
  consoleDir: string | null;
  apiRatePerSecond: number;
  logger: Logger;
}

export interface Gateway {
  /** The port actually listened on (useful with httpPort 0). */
  port: number;
  links: CarrierLinks;
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
    onError: (err) => log.error({ err }, 'queue error'),
  });
  const queue = pgBossQueue(boss);
  const services: ServiceContext = { db: database.db, queue };
  const links = new CarrierLinks({ ctx: services, boss, logger: log });
  await links.start();
  await queue.refresh();
  const app = createApp({
    services,
    logger: log,
    links,
    consoleDir: config.consoleDir,
    apiRatePerSecond: config.apiRatePerSecond,
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
    async stop() {
      // Stop taking requests, then drain SMPP (in-flight responses, unbind), then close the pools.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await links.stop();
      queue.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await database.close();
    },
  };
}
