import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listWebhooks } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { errorResponses } from './schemas.ts';
import { Webhook } from './webhooks.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: "Your agency's webhooks, with their health",
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'The webhooks',
      content: { 'application/json': { schema: z.object({ webhooks: z.array(Webhook) }) } },
    },
    ...errorResponses,
  },
});

/** GET /v1/webhooks */
export function registerListWebhooks(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const webhooks = await listWebhooks({ ctx: deps.services, tenantId: c.get('principal').tenantId });
    return c.json({ webhooks }, 200);
  });
}
