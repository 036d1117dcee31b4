import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listBroadcasts } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { BroadcastSummary } from './broadcasts.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/broadcasts',
  tags: ['broadcasts'],
  summary: "Your agency's broadcasts, newest first",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      service: z.string().optional().openapi({ description: 'Only this service (slug)' }),
      status: z.enum(['scheduled', 'running', 'paused', 'cancelled', 'completed', 'superseded']).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: 'Default 50' }),
      before: z.iso
        .datetime({ offset: true })
        .optional()
        .openapi({ description: 'Next page: the last `createdAt` seen' }),
    }),
  },
  responses: {
    200: {
      description: 'The broadcasts',
      content: { 'application/json': { schema: z.object({ broadcasts: z.array(BroadcastSummary) }) } },
    },
    ...errorResponses,
  },
});

/** GET /v1/broadcasts */
export function registerListBroadcasts(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const q = c.req.valid('query');
    const result = await listBroadcasts({
      ctx: deps.services,
      input: {
        ...(q.service === undefined ? {} : { service: q.service }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
        ...(q.before === undefined ? {} : { before: q.before }),
      },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(result, 200);
  });
}
