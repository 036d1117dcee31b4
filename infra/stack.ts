import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrateDatabase, openDatabase } from '@pregon/db';
import { type Dispatcher, startDispatcher } from '@pregon/dispatcher';
import { type Gateway, type GatewayConfig, startGateway } from '@pregon/gateway';
import {
  type CarrierSecrets,
  type DemoSeed,
  noJobQueue,
  seedDemo,
  type WebhookSettings,
} from '@pregon/services';
import pino, { type Logger } from 'pino';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator/src/index.ts';

/** Tests outside the services package seal webhook secrets with a key of their own per stack. */
export { createCarrierSecrets } from '@pregon/services';

export interface StackOptions {
  databaseUrl: string;
  /** Pool size for each pool; 1 against the embedded database. */
  poolSize?: number;
  httpPort?: number;
  simulator?: SimulatorOptions;
  /** Gateway settings tests tune: the SMPP lockout, the MO reassembly timeout, the deliver window. */
  gateway?: Pick<GatewayConfig, 'smppLockout' | 'moReassemblyMs' | 'deliverWindow'>;
  logger?: Logger;
  /** Seals carrier passwords and webhook secrets in the gateway and the dispatcher. */
  secrets?: CarrierSecrets;
  /** Webhook settings for both processes (tests allow loopback receivers and shrink thresholds). */
  webhooks?: WebhookSettings;
}

export interface Stack {
  baseUrl: string;
  demo: DemoSeed;
  simulator: Simulator;
  gateway: Gateway;
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

const CONSOLE_DIR = fileURLToPath(new URL('../apps/console/dist', import.meta.url));

/**
 * The whole platform in one process, for tests: migrations, the SMSC simulator, the demo seed,
 * the dispatcher and the gateway (serving the built console when there is one).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const poolSize = options.poolSize ?? 4;
  const setup = openDatabase({ url: options.databaseUrl, max: 1, applicationName: 'pregon-setup' });
  await migrateDatabase(setup.db);
  const simulator = await startSimulator({ receiptDelayMs: 100, ...options.simulator });
  const demo = await seedDemo({
    ctx: { db: setup.db, queue: noJobQueue },
    input: { smscHost: simulator.host, smscPort: simulator.port },
  });
  await setup.close();
  const dispatcher = await startDispatcher({
    databaseUrl: options.databaseUrl,
    poolSize,
    logger: logger.child({ app: 'dispatcher' }),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  const gateway = await startGateway({
    databaseUrl: options.databaseUrl,
    poolSize,
    httpPort: options.httpPort ?? 0,
    httpHost: '127.0.0.1',
    consoleDir: existsSync(CONSOLE_DIR) ? CONSOLE_DIR : null,
    apiRatePerSecond: 10_000,
    ...options.gateway,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    logger: logger.child({ app: 'gateway' }),
  });
  return {
    baseUrl: `http://127.0.0.1:${gateway.port}`,
    demo,
    simulator,
    gateway,
    dispatcher,
    async stop() {
      await gateway.stop();
      await dispatcher.stop();
      await simulator.close();
    },
  };
}
