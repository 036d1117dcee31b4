import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteWebhook } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { errorResponses } from './schemas.ts';
import { notFound, WebhookIdParam } from './webhooks.schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{id}',
  tags: ['webhooks'],
  summary: 'Delete a webhook and its attempt log; nothing more is sent to it',
  security: [{ bearer: [] }],
  request: { params: WebhookIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFound },
});

/** DELETE /v1/webhooks/{id} */
export function registerDeleteWebhook(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    await deleteWebhook({
      ctx: deps.services,
      tenantId: principal.tenantId,
      input: { id: c.req.valid('param').id },
      actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
    });
    return c.body(null, 204);
  });
}
