import { pingDatabase } from '@pregon/services';
import type { Hono } from 'hono';
import type { GatewayDeps, GatewayEnvBindings } from '../http/types.ts';

/** /healthz: the process answers. /readyz: the database answers and every carrier has a bound link. */
export function registerHealth(app: Hono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const database = (await pingDatabase({ ctx: deps.services })) ? 'ok' : 'down';
    const links = deps.links.links();
    const carriers = new Map<string, boolean>();
    for (const l of links) carriers.set(l.carrier, (carriers.get(l.carrier) ?? false) || l.state === 'bound');
    const ready = database === 'ok' && [...carriers.values()].every(Boolean);
    return c.json({ status: ready ? 'ready' : 'not_ready', database, links }, ready ? 200 : 503);
  });
}
