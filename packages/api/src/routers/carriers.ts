import { listCarriers } from '@pregon/services';
import { platformAdminProcedure, router } from '../trpc.ts';

export const carriersRouter = router({
  /** Carriers with their routes and the live state of each link (platform admins only). */
  list: platformAdminProcedure.query(async ({ ctx }) => {
    const carriers = await listCarriers({ ctx: ctx.services });
    return carriers.map((c) => ({
      ...c,
      links: c.links.map((l) => ({
        ...l,
        stateChangedAt: l.stateChangedAt.toISOString(),
        heartbeatAt: l.heartbeatAt.toISOString(),
      })),
    }));
  }),
});
