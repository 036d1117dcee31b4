import { listInboundMessages } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

export const inboundRouter = router({
  /** The agency's MO, newest first, with what the keyword engine did; `before` is the last row's id. */
  list: agencyProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(200).optional(),
          before: z.uuid().optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) =>
      listInboundMessages({
        ctx: ctx.services,
        tenantId: ctx.agency.tenantId,
        input: {
          ...(input.limit === undefined ? {} : { limit: input.limit }),
          ...(input.before === undefined ? {} : { before: input.before }),
        },
      }),
    ),
});
