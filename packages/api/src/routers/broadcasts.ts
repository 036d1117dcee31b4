import { AppError } from '@pregon/domain';
import {
  type BroadcastPrincipal,
  cancelBroadcast,
  createBroadcast,
  createBroadcastInput,
  createSavedList,
  createSavedListInput,
  deleteSavedList,
  getBroadcast,
  listBroadcasts,
  listBroadcastsInput,
  listSavedLists,
  listSavedListsInput,
  pauseBroadcast,
  previewSavedList,
  resumeBroadcast,
} from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

/** Broadcasts reach many citizens at once: agency admins and operators send and steer them; viewers only watch. */
const senderProcedure = agencyProcedure.use(({ ctx, next }) => {
  const role = ctx.agency.role;
  if (role !== 'agency_admin' && role !== 'operator' && !ctx.user.isPlatformAdmin)
    throw new AppError('FORBIDDEN', 'Only agency admins and operators send or change broadcasts and lists');
  return next();
});

const byId = z.object({ id: z.string().min(1).max(64) });

function principalOf(ctx: { agency: { tenantId: string }; user: { userId: string } }): BroadcastPrincipal {
  return { tenantId: ctx.agency.tenantId, actor: { kind: 'user', userId: ctx.user.userId } };
}

export const broadcastsRouter = router({
  /** The selected agency's broadcasts, newest first; `before` is the last one's `createdAt`. */
  list: agencyProcedure
    .input(listBroadcastsInput.partial().default({}))
    .query(({ ctx, input }) => listBroadcasts({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  /** One broadcast with its live progress (counts per status, remaining, rate, ETA). */
  get: agencyProcedure
    .input(byId)
    .query(({ ctx, input }) => getBroadcast({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  /** Creates a broadcast and starts its fan-out (at `sendAt`); an invalid upload is refused whole. */
  create: senderProcedure.input(createBroadcastInput).mutation(async ({ ctx, input }) => {
    const result = await createBroadcast({ ctx: ctx.services, input, principal: principalOf(ctx) });
    return result.body;
  }),

  /** Stops the fan-out at its next batch. */
  pause: senderProcedure
    .input(byId)
    .mutation(({ ctx, input }) => pauseBroadcast({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  /** Continues a paused fan-out from where it stopped. */
  resume: senderProcedure
    .input(byId)
    .mutation(({ ctx, input }) => resumeBroadcast({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  /** Stops the fan-out and cancels every message not yet on its way to a carrier. */
  cancel: senderProcedure
    .input(byId)
    .mutation(({ ctx, input }) => cancelBroadcast({ ctx: ctx.services, input, principal: principalOf(ctx) })),
});

export const savedListsRouter = router({
  /** The agency's saved lists (optionally of one service). */
  list: agencyProcedure
    .input(listSavedListsInput.default({}))
    .query(({ ctx, input }) => listSavedLists({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  /** How many active subscribers a list matches now. */
  preview: agencyProcedure
    .input(byId)
    .query(({ ctx, input }) => previewSavedList({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  create: senderProcedure
    .input(createSavedListInput)
    .mutation(({ ctx, input }) => createSavedList({ ctx: ctx.services, input, principal: principalOf(ctx) })),

  delete: senderProcedure
    .input(byId)
    .mutation(({ ctx, input }) => deleteSavedList({ ctx: ctx.services, input, principal: principalOf(ctx) })),
});
