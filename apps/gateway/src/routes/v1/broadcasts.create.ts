import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { createBroadcast } from '@pregon/services';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { BroadcastAccepted, CreateBroadcastBody } from './broadcasts.schemas.ts';
import { ErrorBody, errorResponses } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/broadcasts',
  tags: ['broadcasts'],
  summary: 'Send one text to many recipients',
  description:
    'Stores the broadcast and starts its fan-out (at `sendAt` if given): recipients become messages in batches, each rendered in the recipient’s language, each checked against the opt-out ledger, quiet hours and expiry like any message. Follow it with GET /v1/broadcasts/{id}. Repeat a request with the same `Idempotency-Key` to get the first answer back instead of a second broadcast.',
  security: [{ bearer: [] }],
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .max(255)
        .optional()
        .openapi({ description: 'Makes retries safe (kept 24 h)' }),
    }),
    body: { content: { 'application/json': { schema: CreateBroadcastBody } }, required: true },
  },
  responses: {
    202: { description: 'Accepted', content: { 'application/json': { schema: BroadcastAccepted } } },
    ...errorResponses,
    409: {
      description:
        'Idempotency-Key reused with another body, or `supersedes` names a broadcast already cancelled or superseded',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** POST /v1/broadcasts */
export function registerCreateBroadcast(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const result = await createBroadcast({
      ctx: deps.services,
      input: c.req.valid('json'),
      principal: {
        tenantId: principal.tenantId,
        apiKeyId: principal.keyId,
        actor: { kind: 'api_key', keyId: principal.keyId, tenantId: principal.tenantId },
      },
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    c.get('log').info({ broadcastId: result.body.id, replayed: result.replayed }, 'broadcast accepted');
    return c.json(result.body, 202);
  });
}
