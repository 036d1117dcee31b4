import { AppError } from '@pregon/domain';
import { addKeyword, addKeywordInput, listNumbersAndKeywords } from '@pregon/services';
import { agencyProcedure, router } from '../trpc.ts';

/** Keywords decide who a citizen's text reaches: agency admins configure them. */
const adminProcedure = agencyProcedure.use(({ ctx, next }) => {
  if (ctx.agency.role !== 'agency_admin' && !ctx.user.isPlatformAdmin)
    throw new AppError('FORBIDDEN', 'Only agency admins add keywords');
  return next();
});

export const keywordsRouter = router({
  /** The agency's inbound numbers (dedicated or shared) with its keywords on each. */
  list: agencyProcedure.query(({ ctx }) =>
    listNumbersAndKeywords({ ctx: ctx.services, tenantId: ctx.agency.tenantId }),
  ),

  /** A keyword on one of the agency's numbers; a word taken on that number (by anyone) is CONFLICT. */
  add: adminProcedure.input(addKeywordInput.omit({ agencySlug: true })).mutation(({ ctx, input }) =>
    addKeyword({
      ctx: ctx.services,
      // Pinned to the selected agency: its services only, whoever else shares the number.
      input: { ...input, agencySlug: ctx.agency.slug },
      actor: { kind: 'user', userId: ctx.user.userId },
    }),
  ),
});
