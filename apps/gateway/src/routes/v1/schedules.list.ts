import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listSchedules } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { Schedule } from './schedules.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/schedules',
  tags: ['schedules'],
  summary: "Your agency's recurring schedules, by name",
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'Schedules',
      content: { 'application/json': { schema: z.object({ schedules: z.array(Schedule) }) } },
    },
    ...errorResponses,
  },
});

/** GET /v1/schedules */
export function registerListSchedules(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const schedules = await listSchedules({
      ctx: deps.services,
      principal: { tenantId: principal.tenantId },
    });
    return c.json({ schedules }, 200);
  });
}
