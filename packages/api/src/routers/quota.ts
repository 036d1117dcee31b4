import { getAgencyQuotaStatus, getQuotaStatus, setQuotas, setQuotasInput } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, platformAdminProcedure, router } from '../trpc.ts';

export const quotaRouter = router({
  /** The selected agency's quotas: used this day and month (its time zone), levels, warned or not. */
  status: agencyProcedure.query(({ ctx }) =>
    getQuotaStatus({ ctx: ctx.services, input: { tenantId: ctx.agency.tenantId } }),
  ),

  /** Any agency's quotas, by slug (platform admins only; audited). */
  statusOf: platformAdminProcedure
    .input(z.object({ agencySlug: z.string().min(1) }))
    .query(({ ctx, input }) =>
      getAgencyQuotaStatus({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
    ),

  /** Sets an agency's warn and block levels (platform admins only; audited). Null removes a level. */
  set: platformAdminProcedure
    .input(setQuotasInput)
    .mutation(({ ctx, input }) =>
      setQuotas({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
    ),
});
