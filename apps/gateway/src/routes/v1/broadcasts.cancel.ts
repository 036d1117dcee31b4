import type { OpenAPIHono } from '@hono/zod-openapi';
import { cancelBroadcast } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { broadcastActionRoute } from './broadcasts.schemas.ts';

const route = broadcastActionRoute(
  'cancel',
  'Cancel a broadcast',
  'The fan-out stops and every message of the broadcast not yet on its way to a carrier ends `cancelled` (reason `cancelled_by_user`); large broadcasts finish cancelling within seconds, in batches. Messages already submitted go on. Cancelling again answers the same way.',
);

/** POST /v1/broadcasts/{id}/cancel */
export function registerCancelBroadcast(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const broadcast = await cancelBroadcast({
      ctx: deps.services,
      input: { id: c.req.valid('param').id },
      principal: {
        tenantId: principal.tenantId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
    });
    c.get('log').info({ broadcastId: broadcast.id, status: broadcast.status }, 'broadcast cancel');
    return c.json(broadcast, 200);
  });
}
