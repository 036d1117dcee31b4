import { AppError, MESSAGE_STATUSES } from '@pregon/domain';
import { cancelMessage, getMessage, listMessages, sendMessage, sendMessageInput } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

const listInput = z
  .object({
    limit: z.number().int().min(1).max(200).optional(),
    before: z.iso.datetime({ offset: true }).optional(),
    status: z.enum(MESSAGE_STATUSES).optional(),
  })
  .default({});

const sendInput = sendMessageInput.pick({
  to: true,
  text: true,
  from: true,
  reference: true,
  sendAt: true,
  remind: true,
  validUntil: true,
});

export const messagesRouter = router({
  /** The selected agency's newest messages, newest first; `before` is the last row's `createdAt`. */
  list: agencyProcedure.input(listInput).query(({ ctx, input }) =>
    listMessages({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input: {
        ...(input.limit === undefined ? {} : { limit: input.limit }),
        ...(input.before === undefined ? {} : { before: input.before }),
        ...(input.status === undefined ? {} : { status: input.status }),
      },
    }),
  ),

  /** One message with its status history; another agency's id is NOT_FOUND. */
  get: agencyProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getMessage({ ctx: ctx.services, tenantId: ctx.agency.tenantId, input })),

  /** A console operator sends one message (e.g. a test) as the selected agency. */
  send: agencyProcedure.input(sendInput).mutation(async ({ ctx, input }) => {
    if (ctx.agency.role === 'viewer') throw new AppError('FORBIDDEN', 'Viewers cannot send messages');
    const result = await sendMessage({
      ctx: ctx.services,
      input,
      principal: { tenantId: ctx.agency.tenantId, apiKeyId: null },
    });
    return result.body;
  }),

  /** Cancels a message not yet on its way to the carrier; CONFLICT when too late, NOT_FOUND across agencies. */
  cancel: agencyProcedure.input(z.object({ id: z.string().min(1).max(64) })).mutation(({ ctx, input }) => {
    if (ctx.agency.role === 'viewer') throw new AppError('FORBIDDEN', 'Viewers cannot cancel messages');
    return cancelMessage({
      ctx: ctx.services,
      input,
      tenantId: ctx.agency.tenantId,
      actor: { kind: 'user', userId: ctx.user.userId },
    });
  }),
});
