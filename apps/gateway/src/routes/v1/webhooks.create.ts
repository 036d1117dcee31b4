import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { createWebhook } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { errorResponses } from './schemas.ts';
import { CreatedWebhook, CreateWebhookBody } from './webhooks.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'Register a webhook; its signing secret is in this answer only',
  security: [{ bearer: [] }],
  request: { body: { content: { 'application/json': { schema: CreateWebhookBody } }, required: true } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CreatedWebhook } } },
    ...errorResponses,
  },
});

/** POST /v1/webhooks */
export function registerCreateWebhook(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const body = c.req.valid('json');
    const created = await createWebhook({
      ctx: deps.services,
      tenantId: principal.tenantId,
      input: { url: body.url, ...(body.events ? { events: body.events } : {}) },
      actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
    });
    return c.json(created, 201);
  });
}
