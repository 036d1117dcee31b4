import type { OpenAPIHono } from '@hono/zod-openapi';
import { resumeBroadcast } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { broadcastActionRoute } from './broadcasts.schemas.ts';

const route = broadcastActionRoute(
  'resume',
  'Resume a paused broadcast',
  'The fan-out continues from where it stopped (at `sendAt` if that is still ahead).',
);

/** POST /v1/broadcasts/{id}/resume */
export function registerResumeBroadcast(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const broadcast = await resumeBroadcast({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    c.get('log').info({ broadcastId: broadcast.id, status: broadcast.status }, 'broadcast resume');
    return c.json(broadcast, 200);
  });
}
