import type { Database } from '@pregon/db';
import { AppError } from '@pregon/domain';
import type { JobQueue, ServiceContext } from '@pregon/services';

const refuse = () => Promise.reject(new AppError('INTERNAL', 'this command cannot enqueue jobs'));

/** No CLI command enqueues today, so none starts pg-boss; a verb that tries fails loudly. */
export const refusingQueue: JobQueue = { enqueue: refuse, enqueueRaw: refuse };

export function cliServiceContext(db: Database): ServiceContext {
  return { db, queue: refusingQueue };
}
