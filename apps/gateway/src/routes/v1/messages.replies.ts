import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CONVERSATION_INTENTS, listConversationReplies } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

export const ConversationReply = z
  .object({
    id: z.uuid(),
    messageId: z.uuid().openapi({ description: 'Your message this answers' }),
    reference: z.string().nullable().openapi({ description: 'Your reference of that message' }),
    service: z.string(),
    from: z.string().openapi({ example: '+34600000001' }),
    text: z.string().openapi({ example: 'Justifico: estaba con fiebre' }),
    intent: z.enum(CONVERSATION_INTENTS).openapi({
      description:
        'confirm (SI, YES, CONFIRMAR, D’ACORD, VALE, OK), decline (NO), cancel (CANCELAR, CANCEL·LAR, ANULAR), justify (JUSTIFICAR, JUSTIFICO), else text',
    }),
    argument: z
      .string()
      .nullable()
      .openapi({ description: 'The text after the intent word (the justification), or all of it for text' }),
    language: z.enum(['es', 'ca', 'en']),
    inboundMessageId: z.uuid(),
    receivedAt: z.string(),
  })
  .openapi('ConversationReply');

const route = createRoute({
  method: 'get',
  path: '/v1/messages/{id}/replies',
  tags: ['messages'],
  summary: "Citizens' replies to a message (SI, NO, CANCELAR, JUSTIFICAR ...), newest first",
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: z
        .string()
        .openapi({ param: { name: 'id', in: 'path' }, example: '0f8c3a52-2f59-4b7c-9a53-3f2d8a1c6b10' }),
    }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: 'Default 50' }),
      before: z.uuid().optional().openapi({ description: "The last reply's id, for the next page" }),
    }),
  },
  responses: {
    200: {
      description: 'The replies',
      content: { 'application/json': { schema: z.object({ replies: z.array(ConversationReply) }) } },
    },
    ...errorResponses,
    404: {
      description: 'No such message in your agency',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** GET /v1/messages/{id}/replies */
export function registerListMessageReplies(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const replies = await listConversationReplies({
      ctx: deps.services,
      tenantId: c.get('principal').tenantId,
      input: {
        messageId: c.req.valid('param').id,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.before === undefined ? {} : { before: query.before }),
      },
    });
    return c.json({ replies }, 200);
  });
}
