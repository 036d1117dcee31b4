import { createCarrierSecrets, loadSecretKey, stopOnSignal } from '@pregon/services';
import pino from 'pino';
import { startDispatcher } from './dispatcher.ts';
import { loadEnv } from './env.ts';

const env = loadEnv();
const logger = pino({ name: 'dispatcher', level: env.LOG_LEVEL });
const dispatcher = await startDispatcher({
  databaseUrl: env.DATABASE_URL,
  poolSize: env.PREGON_DB_POOL,
  queueNotify: env.PREGON_QUEUE_NOTIFY === 'true',
  logger,
  // Loaded on first use: PREGON_SECRET_KEY, else the development key in PREGON_HOME/secret.key.
  secrets: createCarrierSecrets(() => loadSecretKey({ key: env.PREGON_SECRET_KEY, home: env.PREGON_HOME })),
  webhooks: { allowLoopback: env.PREGON_WEBHOOK_ALLOW_LOOPBACK === 'true' },
  recipientCapPerHour: env.PREGON_RECIPIENT_CAP_PER_HOUR,
  role: env.PREGON_DISPATCHER_ROLE,
});

stopOnSignal(() => dispatcher.stop(), logger, 'stopping');
