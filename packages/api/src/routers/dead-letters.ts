import { listDeadLetters, retryDeadLetter } from '@pregon/services';
import { z } from 'zod';
import { platformAdminProcedure, router } from '../trpc.ts';

/** Jobs that exhausted their retries: platform-wide (a job can carry several agencies), so operators only. */
export const deadLettersRouter = router({
  /** Newest first, with the error each last failed with; listing is audited. */
  list: platformAdminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(1000).optional() }).optional())
    .query(({ ctx, input }) =>
      listDeadLetters({
        ctx: ctx.services,
        input: { limit: input?.limit },
        actor: { kind: 'user', userId: ctx.user.userId },
      }),
    ),

  /** Gives one dead letter another attempt; CONFLICT when it is no longer failed. */
  retry: platformAdminProcedure
    .input(z.object({ jobId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      retryDeadLetter({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
    ),
});
