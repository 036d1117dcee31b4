import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { createSavedList } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { CreateSavedListBody, SavedList } from './broadcasts.schemas.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/lists',
  tags: ['broadcasts'],
  summary: 'Save a subscriber list (a named filter) for broadcasts',
  description:
    'A list is a filter on one service’s active subscribers, evaluated when a broadcast to it starts. Use it as `{ "kind": "saved_list", "listId": ... }` in POST /v1/broadcasts.',
  security: [{ bearer: [] }],
  request: { body: { content: { 'application/json': { schema: CreateSavedListBody } }, required: true } },
  responses: {
    201: { description: 'The list', content: { 'application/json': { schema: SavedList } } },
    ...errorResponses,
    409: {
      description: 'The service already has a list with that name',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** POST /v1/lists */
export function registerCreateSavedList(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const list = await createSavedList({
      ctx: deps.services,
      input: c.req.valid('json'),
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(list, 201);
  });
}
