import { withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { findJob, retryFailedJobs } from './failed-jobs.ts';

/**
 * Gives one dead letter another attempt (pg-boss picks it up within seconds). Safe for submit jobs:
 * a message claimed before the failure ends `unknown` and is never sent twice. Audited.
 * @example await retryDeadLetter({ ctx, input: { jobId }, actor: { kind: 'cli' } })
 */
export async function retryDeadLetter({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { jobId: string };
  actor: Actor;
}): Promise<{ id: string; queue: string }> {
  if (!z.uuid().safeParse(input.jobId).success)
    throw new AppError('BAD_REQUEST', `"${input.jobId}" is not a job id (a UUID from \`deadletters list\`)`);
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'deadletters.retry', target: input.jobId },
    async (tx) => {
      const job = await findJob(tx, input.jobId);
      if (!job) throw new AppError('NOT_FOUND', `No dead letter with id ${input.jobId}`);
      if (job.state !== 'failed')
        throw new AppError('CONFLICT', `Job ${input.jobId} (${job.queue}) is ${job.state}, not failed`);
      const [id] = await retryFailedJobs(tx, [input.jobId]);
      if (!id) throw new AppError('CONFLICT', `Job ${input.jobId} was retried by someone else meanwhile`);
      return { id, queue: job.queue };
    },
  );
}
