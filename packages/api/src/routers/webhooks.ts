import { AppError } from '@pregon/domain';
import {
  createWebhook,
  createWebhookInput,
  deleteWebhook,
  listWebhookAttempts,
  listWebhooks,
  rotateWebhookSecret,
  setWebhookEnabled,
} from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

/** Webhooks are an agency admin's business: secrets and endpoints of the agency's systems. */
const adminProcedure = agencyProcedure.use(({ ctx, next }) => {
  if (ctx.agency.role !== 'agency_admin' && !ctx.user.isPlatformAdmin)
    throw new AppError('FORBIDDEN', 'Only agency admins manage webhooks');
  return next();
});

const idInput = z.object({ id: z.string().min(1).max(64) });

export const webhooksRouter = router({
  /** The selected agency's webhooks with their health; a disabled one carries `disabledReason`. */
  list: adminProcedure.query(({ ctx }) => listWebhooks({ ctx: ctx.services, tenantId: ctx.agency.tenantId })),

  /** A webhook's delivery attempts, newest first; `before` is the last row's id. */
  attempts: adminProcedure
    .input(
      idInput.extend({
        limit: z.number().int().min(1).max(200).optional(),
        before: z.number().int().min(1).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listWebhookAttempts({
        ctx: ctx.services,
        tenantId: ctx.agency.tenantId,
        input: {
          id: input.id,
          ...(input.limit === undefined ? {} : { limit: input.limit }),
          ...(input.before === undefined ? {} : { before: input.before }),
        },
      }),
    ),

  /** Turns a webhook back on (after the agency fixed its receiver) or off. */
  setEnabled: adminProcedure.input(idInput.extend({ enabled: z.boolean() })).mutation(({ ctx, input }) =>
    setWebhookEnabled({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input,
      actor: { kind: 'user', userId: ctx.user.userId },
    }),
  ),

  /** Registers a webhook; the answer carries its signing secret, the only time it is shown. */
  create: adminProcedure.input(createWebhookInput).mutation(({ ctx, input }) =>
    createWebhook({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input,
      actor: { kind: 'user', userId: ctx.user.userId },
    }),
  ),

  /** A new signing secret, shown once; the old one keeps signing for `graceSeconds` (default a day). */
  rotateSecret: adminProcedure
    .input(idInput.extend({ graceSeconds: z.number().int().min(0).max(604_800).optional() }))
    .mutation(({ ctx, input }) =>
      rotateWebhookSecret({
        ctx: ctx.services,
        tenantId: ctx.agency.tenantId,
        input: {
          id: input.id,
          ...(input.graceSeconds === undefined ? {} : { graceSeconds: input.graceSeconds }),
        },
        actor: { kind: 'user', userId: ctx.user.userId },
      }),
    ),

  /** Removes a webhook with its attempt log. */
  delete: adminProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await deleteWebhook({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input,
      actor: { kind: 'user', userId: ctx.user.userId },
    });
    return { id: input.id };
  }),
});
