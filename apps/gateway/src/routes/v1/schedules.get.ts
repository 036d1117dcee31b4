import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { getSchedule } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { ScheduleIdParam, ScheduleWithRuns, scheduleNotFound } from './schedules.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/schedules/{id}',
  tags: ['schedules'],
  summary: 'One schedule with its next five run times',
  security: [{ bearer: [] }],
  request: { params: ScheduleIdParam },
  responses: {
    200: { description: 'The schedule', content: { 'application/json': { schema: ScheduleWithRuns } } },
    ...errorResponses,
    ...scheduleNotFound,
  },
});

/** GET /v1/schedules/{id} */
export function registerGetSchedule(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const schedule = await getSchedule({
      ctx: deps.services,
      input: { schedule: c.req.valid('param').id },
      principal: { tenantId: principal.tenantId },
    });
    return c.json(schedule, 200);
  });
}
