import { listOptOuts } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

export const optOutsRouter = router({
  /** The selected agency's opt-out ledger, newest first; `before` is the last row's id. */
  list: agencyProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(200).optional(),
          before: z.uuid().optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listOptOuts({
        ctx: ctx.services,
        tenantId: ctx.agency.tenantId,
        input: {
          ...(input?.limit === undefined ? {} : { limit: input.limit }),
          ...(input?.before === undefined ? {} : { before: input.before }),
        },
      }),
    ),
});
