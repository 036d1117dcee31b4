import { AppError } from '@pregon/domain';
import { conversationSettingsInput, listConversationReplies, setConversation } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

export const conversationsRouter = router({
  /** Replies routed to the selected agency's services, newest first: of one service, one message, or all. */
  list: agencyProcedure
    .input(
      z
        .object({
          serviceSlug: z.string().min(1).optional(),
          messageId: z.uuid().optional(),
          limit: z.number().int().min(1).max(200).optional(),
          before: z.uuid().optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listConversationReplies({
        ctx: ctx.services,
        tenantId: ctx.agency.tenantId,
        input: {
          ...(input?.serviceSlug === undefined ? {} : { serviceSlug: input.serviceSlug }),
          ...(input?.messageId === undefined ? {} : { messageId: input.messageId }),
          ...(input?.limit === undefined ? {} : { limit: input.limit }),
          ...(input?.before === undefined ? {} : { before: input.before }),
        },
      }),
    ),

  /** A service's reply window and automatic answers per intent and language (agency admins). */
  configure: agencyProcedure.input(conversationSettingsInput).mutation(({ ctx, input }) => {
    if (ctx.agency.role !== 'agency_admin')
      throw new AppError('FORBIDDEN', 'Only agency admins may change conversation settings');
    return setConversation({
      ctx: ctx.services,
      input: { ...input, agencySlug: ctx.agency.slug },
      actor: { kind: 'user', userId: ctx.user.userId },
    });
  }),
});
