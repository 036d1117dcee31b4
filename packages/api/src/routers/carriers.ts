import {
  addCarrier,
  addCarrierInput,
  addRoute,
  addRouteInput,
  type CarrierSummary,
  listCarriers,
  setCarrierEnabled,
  updateCarrier,
  updateCarrierInput,
} from '@pregon/services';
import { z } from 'zod';
import { platformAdminProcedure, router } from '../trpc.ts';

/** A carrier as the console sees it: never its password, dates as ISO strings, price as a number. */
function carrierOut({ createdAt, pricePerSegment, ...rest }: CarrierSummary) {
  return { ...rest, pricePerSegment: Number(pricePerSegment), createdAt: createdAt.toISOString() };
}

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
        lastEnquireLinkAt: l.lastEnquireLinkAt?.toISOString() ?? null,
      })),
    }));
  }),
  /** Registers a carrier; its password is sealed at rest and never returned. */
  add: platformAdminProcedure
    .input(addCarrierInput)
    .mutation(async ({ ctx, input }) =>
      carrierOut(
        await addCarrier({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
      ),
    ),
  /** Changes the given settings of the named carrier (a new password is sealed too). */
  update: platformAdminProcedure
    .input(updateCarrierInput)
    .mutation(async ({ ctx, input }) =>
      carrierOut(
        await updateCarrier({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
      ),
    ),
  /** Takes a carrier out of routing, or back in. */
  setEnabled: platformAdminProcedure
    .input(z.object({ name: z.string().min(1).max(63), enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setCarrierEnabled({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
    ),
});

export const routesRouter = router({
  /** Routes a destination prefix to a carrier, for every agency or (agencySlug) one agency only. */
  add: platformAdminProcedure
    .input(addRouteInput)
    .mutation(({ ctx, input }) =>
      addRoute({ ctx: ctx.services, input, actor: { kind: 'user', userId: ctx.user.userId } }),
    ),
});
