import { existsSync } from 'node:fs';
import { createCarrierSecrets, loadSecretKey, stopOnSignal } from '@pregon/services';
import pino from 'pino';
import { loadEnv } from './env.ts';
import { startGateway } from './gateway.ts';

const env = loadEnv();
const logger = pino({ name: 'gateway', level: env.LOG_LEVEL });
const gateway = await startGateway({
  databaseUrl: env.DATABASE_URL,
  poolSize: env.PREGON_DB_POOL,
  queueNotify: env.PREGON_QUEUE_NOTIFY === 'true',
  httpPort: env.HTTP_PORT,
  httpHost: env.HTTP_HOST,
  smppPort: env.SMPP_PORT,
  smppHost: env.SMPP_HOST,
  moReassemblyMs: env.PREGON_MO_REASSEMBLY_MS,
  consoleDir: existsSync(env.PREGON_CONSOLE_DIR) ? env.PREGON_CONSOLE_DIR : null,
  apiRatePerSecond: env.PREGON_API_RATE,
  metricsToken: env.PREGON_METRICS_TOKEN ?? null,
  trustProxy: env.PREGON_TRUST_PROXY === 'true',
  logger,
  // Loaded on first use: PREGON_SECRET_KEY, else the development key in PREGON_HOME/secret.key.
  secrets: createCarrierSecrets(() => loadSecretKey({ key: env.PREGON_SECRET_KEY, home: env.PREGON_HOME })),
  webhooks: { allowLoopback: env.PREGON_WEBHOOK_ALLOW_LOOPBACK === 'true' },
});

stopOnSignal(() => gateway.stop(), logger, 'stopping: draining SMPP and closing pools');
