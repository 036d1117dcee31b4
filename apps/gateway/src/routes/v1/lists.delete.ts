import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteSavedList } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { idParam } from './broadcasts.schemas.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/v1/lists/{id}',
  tags: ['broadcasts'],
  summary: 'Delete a saved list',
  description: 'Broadcasts already made from it keep their copy of its filter.',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: 'Deleted',
      content: { 'application/json': { schema: z.object({ id: z.string(), deleted: z.literal(true) }) } },
    },
    ...errorResponses,
    404: {
      description: 'No such list in your agency',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** DELETE /v1/lists/{id} */
export function registerDeleteSavedList(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const result = await deleteSavedList({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(result, 200);
  });
}
