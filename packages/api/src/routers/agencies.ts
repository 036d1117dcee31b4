import { AppError } from '@pregon/domain';
import { listAgencies, quietHoursWindowInput, setQuietHours } from '@pregon/services';
import { agencyProcedure, platformAdminProcedure, router } from '../trpc.ts';

export const agenciesRouter = router({
  /** Every agency with member, key and message counts (platform admins only; audited). */
  list: platformAdminProcedure.query(async ({ ctx }) => {
    const agencies = await listAgencies({
      ctx: ctx.services,
      actor: { kind: 'user', userId: ctx.user.userId },
    });
    return agencies.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }));
  }),

  /** Quiet hours of the selected agency, or of one of its services (agency admins): 'HH:MM' or null to clear. */
  setQuietHours: agencyProcedure.input(quietHoursWindowInput).mutation(({ ctx, input }) => {
    if (ctx.agency.role !== 'agency_admin')
      throw new AppError('FORBIDDEN', 'Only agency admins may change quiet hours');
    return setQuietHours({
      ctx: ctx.services,
      input: { ...input, agencySlug: ctx.agency.slug },
      actor: { kind: 'user', userId: ctx.user.userId },
    });
  }),
});
