import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteSchedule } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { ScheduleIdParam, scheduleNotFound } from './schedules.schemas.ts';
import { errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/v1/schedules/{id}',
  tags: ['schedules'],
  summary: 'Delete a schedule; messages it already sent are kept',
  security: [{ bearer: [] }],
  request: { params: ScheduleIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...scheduleNotFound },
});

/** DELETE /v1/schedules/{id} */
export function registerDeleteSchedule(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    await deleteSchedule({
      ctx: deps.services,
      input: { schedule: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.body(null, 204);
  });
}
