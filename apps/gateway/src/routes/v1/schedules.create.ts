import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type CreateScheduleInput, createSchedule } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { CreateScheduleBody, Schedule } from './schedules.schemas.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/schedules',
  tags: ['schedules'],
  summary: 'Create a recurring schedule (cron in a time zone) that sends a message or a broadcast',
  description:
    'Each occurrence runs once, even with several dispatchers. After downtime only the latest missed occurrence runs (unless its `validFor` has passed); earlier ones are counted in `lastResult.missed`.',
  security: [{ bearer: [] }],
  request: { body: { content: { 'application/json': { schema: CreateScheduleBody } }, required: true } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: Schedule } } },
    ...errorResponses,
    409: {
      description: 'A schedule with that name exists',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** POST /v1/schedules */
export function registerCreateSchedule(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const created = await createSchedule({
      ctx: deps.services,
      input: c.req.valid('json') as CreateScheduleInput,
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    return c.json(created, 201);
  });
}
