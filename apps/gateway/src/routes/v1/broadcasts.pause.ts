import type { OpenAPIHono } from '@hono/zod-openapi';
import { pauseBroadcast } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { broadcastActionRoute } from './broadcasts.schemas.ts';

const route = broadcastActionRoute(
  'pause',
  "Pause a broadcast's fan-out",
  'The fan-out stops at its next batch; messages already created keep going (cancel stops those). Pausing a paused broadcast answers the same way.',
);

/** POST /v1/broadcasts/{id}/pause */
export function registerPauseBroadcast(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const broadcast = await pauseBroadcast({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    c.get('log').info({ broadcastId: broadcast.id, status: broadcast.status }, 'broadcast pause');
    return c.json(broadcast, 200);
  });
}
