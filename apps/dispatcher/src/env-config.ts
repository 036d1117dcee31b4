import { createCarrierSecrets, loadSecretKey } from '@pregon/services';
import type { Logger } from 'pino';
import type { DispatcherConfig } from './dispatcher.ts';
import type { DispatcherEnv } from './env.ts';

/** The dispatcher's configuration from its validated environment (main.ts and its urgent thread). */
export function configFromEnv(env: DispatcherEnv, logger: Logger): DispatcherConfig {
  return {
    databaseUrl: env.DATABASE_URL,
    poolSize: env.PREGON_DB_POOL,
    queueNotify: env.PREGON_QUEUE_NOTIFY === 'true',
    logger,
    // Loaded on first use: PREGON_SECRET_KEY, else the development key in PREGON_HOME/secret.key.
    secrets: createCarrierSecrets(() => loadSecretKey({ key: env.PREGON_SECRET_KEY, home: env.PREGON_HOME })),
    webhooks: { allowLoopback: env.PREGON_WEBHOOK_ALLOW_LOOPBACK === 'true' },
    recipientCapPerHour: env.PREGON_RECIPIENT_CAP_PER_HOUR,
  };
}
