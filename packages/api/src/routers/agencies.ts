import { listAgencies } from '@pregon/services';
import { platformAdminProcedure, router } from '../trpc.ts';

export const agenciesRouter = router({
  /** Every agency with member, key and message counts (platform admins only; audited). */
  list: platformAdminProcedure.query(async ({ ctx }) => {
    const agencies = await listAgencies({
      ctx: ctx.services,
      actor: { kind: 'user', userId: ctx.user.userId },
    });
    return agencies.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }));
  }),
});
