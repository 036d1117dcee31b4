import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { setScheduleEnabled } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { Schedule, ScheduleIdParam, scheduleNotFound } from './schedules.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/v1/schedules/{id}',
  tags: ['schedules'],
  summary: 'Disable or re-enable a schedule',
  description:
    'Re-enabling waits for the next occurrence after now: what passed while it was disabled is not sent.',
  security: [{ bearer: [] }],
  request: {
    params: ScheduleIdParam,
    body: {
      content: {
        'application/json': { schema: z.object({ enabled: z.boolean() }).openapi('UpdateSchedule') },
      },
      required: true,
    },
  },
  responses: {
    200: { description: 'The schedule', content: { 'application/json': { schema: Schedule } } },
    ...errorResponses,
    ...scheduleNotFound,
  },
});

/** PATCH /v1/schedules/{id} */
export function registerUpdateSchedule(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const schedule = await setScheduleEnabled({
      ctx: deps.services,
      input: { schedule: c.req.valid('param').id, enabled: c.req.valid('json').enabled },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(schedule, 200);
  });
}
