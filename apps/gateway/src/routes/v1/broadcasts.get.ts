import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { getBroadcast } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { Broadcast, idParam } from './broadcasts.schemas.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/broadcasts/{id}',
  tags: ['broadcasts'],
  summary: 'A broadcast with its live progress',
  description:
    'Counts of its messages per status, what remains to be submitted, the submit rate over the last minute and an ETA. Each recipient’s own status is its message’s (GET /v1/messages/{id}).',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'The broadcast', content: { 'application/json': { schema: Broadcast } } },
    ...errorResponses,
    404: {
      description: 'No such broadcast in your agency',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** GET /v1/broadcasts/{id} */
export function registerGetBroadcast(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const broadcast = await getBroadcast({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(broadcast, 200);
  });
}
