import type { Database } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { createCarrierSecrets, type JobQueue, loadSecretKey, type ServiceContext } from '@pregon/services';
import type { CliEnv } from './env.ts';

const refuse = () => Promise.reject(new AppError('INTERNAL', 'this command cannot enqueue jobs'));

/** No CLI command enqueues today, so none starts pg-boss; a verb that tries fails loudly. */
export const refusingQueue: JobQueue = { enqueue: refuse, enqueueRaw: refuse };

/** The key is read (or the development key created) only when a command touches a carrier password. */
export function cliServiceContext(
  db: Database,
  env?: Pick<CliEnv, 'secretKey' | 'secretHome'>,
): ServiceContext {
  if (!env) return { db, queue: refusingQueue };
  const secrets = createCarrierSecrets(() => loadSecretKey({ key: env.secretKey, home: env.secretHome }));
  return { db, queue: refusingQueue, secrets };
}
