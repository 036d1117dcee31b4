import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getMessage } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { ErrorBody, errorResponses, Message } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/messages/{id}',
  tags: ['messages'],
  summary: 'A message with its status history',
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: z
        .string()
        .openapi({ param: { name: 'id', in: 'path' }, example: '0f8c3a52-2f59-4b7c-9a53-3f2d8a1c6b10' }),
    }),
  },
  responses: {
    200: { description: 'The message', content: { 'application/json': { schema: Message } } },
    ...errorResponses,
    404: {
      description: 'No such message in your agency',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** GET /v1/messages/{id} */
export function registerGetMessage(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const message = await getMessage({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      tenantId: c.get('principal').tenantId,
    });
    return c.json(message, 200);
  });
}
