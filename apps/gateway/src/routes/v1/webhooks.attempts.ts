import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listWebhookAttempts } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { errorResponses } from './schemas.ts';
import { notFound, WebhookAttempt, WebhookIdParam } from './webhooks.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/webhooks/{id}/attempts',
  tags: ['webhooks'],
  summary: 'Every delivery attempt of a webhook, newest first',
  security: [{ bearer: [] }],
  request: {
    params: WebhookIdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).optional(),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: "The last row's id, for the next page" }),
    }),
  },
  responses: {
    200: {
      description: 'The attempts',
      content: { 'application/json': { schema: z.object({ attempts: z.array(WebhookAttempt) }) } },
    },
    ...errorResponses,
    ...notFound,
  },
});

/** GET /v1/webhooks/{id}/attempts */
export function registerListWebhookAttempts(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const attempts = await listWebhookAttempts({
      ctx: deps.services,
      tenantId: c.get('principal').tenantId,
      input: {
        id: c.req.valid('param').id,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.before === undefined ? {} : { before: query.before }),
      },
    });
    return c.json({ attempts }, 200);
  });
}
