import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { cancelMessage } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { ErrorBody, errorResponses, Message } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/messages/{id}/cancel',
  tags: ['messages'],
  summary: 'Cancel a message not yet on its way to the carrier',
  description:
    'An `accepted`, `scheduled` or `queued` message that has not started going to the carrier ends `cancelled` (reason `cancelled_by_user`) and is never sent. Cancelling an already cancelled message answers the same way again.',
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: z
        .string()
        .openapi({ param: { name: 'id', in: 'path' }, example: '0f8c3a52-2f59-4b7c-9a53-3f2d8a1c6b10' }),
    }),
  },
  responses: {
    200: { description: 'The cancelled message', content: { 'application/json': { schema: Message } } },
    ...errorResponses,
    404: {
      description: 'No such message in your agency',
      content: { 'application/json': { schema: ErrorBody } },
    },
    409: {
      description: 'Too late: the message is being submitted, was submitted, or already ended otherwise',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** POST /v1/messages/{id}/cancel */
export function registerCancelMessage(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const message = await cancelMessage({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      tenantId: principal.tenantId,
      actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
    });
    c.get('log').info({ messageId: message.id }, 'message cancelled');
    return c.json(message, 200);
  });
}
