import { dailyStatsInput, listDailyStats } from '@pregon/services';
import { agencyProcedure, router } from '../trpc.ts';

export const statsRouter = router({
  /** The selected agency's daily counts per service and lane, between two days (its time zone). */
  daily: agencyProcedure
    .input(dailyStatsInput)
    .query(({ ctx, input }) =>
      listDailyStats({ ctx: ctx.services, input: { tenantId: ctx.agency.tenantId, ...input } }),
    ),
});
