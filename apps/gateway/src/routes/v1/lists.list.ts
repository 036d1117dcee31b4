import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listSavedLists } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { SavedList } from './broadcasts.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/lists',
  tags: ['broadcasts'],
  summary: "Your agency's saved lists",
  security: [{ bearer: [] }],
  request: {
    query: z.object({ service: z.string().optional().openapi({ description: 'Only this service (slug)' }) }),
  },
  responses: {
    200: {
      description: 'The lists',
      content: { 'application/json': { schema: z.object({ lists: z.array(SavedList) }) } },
    },
    ...errorResponses,
  },
});

/** GET /v1/lists */
export function registerListSavedLists(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const { service } = c.req.valid('query');
    const result = await listSavedLists({
      ctx: deps.services,
      input: service === undefined ? {} : { service },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(result, 200);
  });
}
