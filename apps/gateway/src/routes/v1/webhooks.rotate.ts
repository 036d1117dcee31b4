import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { rotateWebhookSecret } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { errorResponses } from './schemas.ts';
import { notFound, RotatedSecret, WebhookIdParam } from './webhooks.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/webhooks/{id}/rotate-secret',
  tags: ['webhooks'],
  summary: 'Replace the signing secret; the old one keeps signing for a grace period',
  security: [{ bearer: [] }],
  request: {
    params: WebhookIdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            graceSeconds: z
              .number()
              .int()
              .min(0)
              .max(604_800)
              .optional()
              .openapi({ description: 'How long the old secret still signs (default 86400; 0: not at all)' }),
          }),
        },
      },
      required: false,
    },
  },
  responses: {
    200: { description: 'The new secret', content: { 'application/json': { schema: RotatedSecret } } },
    ...errorResponses,
    ...notFound,
  },
});

/** POST /v1/webhooks/{id}/rotate-secret */
export function registerRotateWebhookSecret(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const body = c.req.valid('json');
    const rotated = await rotateWebhookSecret({
      ctx: deps.services,
      tenantId: principal.tenantId,
      input: {
        id: c.req.valid('param').id,
        ...(body?.graceSeconds === undefined ? {} : { graceSeconds: body.graceSeconds }),
      },
      actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
    });
    return c.json(rotated, 200);
  });
}
