import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type IdempotentResult,
  type SendMessageResult,
  type SendRequest,
  sendMessages,
} from '@pregon/services';
import { GroupCommit } from '../../batching/group-commit.ts';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { Accepted, ErrorBody, errorResponses, SendMessageBody } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/messages',
  tags: ['messages'],
  summary: 'Send one SMS',
  description:
    'Accepts a message for delivery and answers at once; follow it with GET /v1/messages/{id}. Repeat a request with the same `Idempotency-Key` to get the first answer back instead of a second message.',
  security: [{ bearer: [] }],
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .max(255)
        .optional()
        .openapi({ description: 'Makes retries safe (kept 24 h)' }),
    }),
    body: { content: { 'application/json': { schema: SendMessageBody } }, required: true },
  },
  responses: {
    202: { description: 'Accepted', content: { 'application/json': { schema: Accepted } } },
    ...errorResponses,
    409: {
      description: 'Idempotency-Key reused with another body',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/**
 * POST /v1/messages. Requests of one agency that arrive together are stored in one transaction (group
 * commit, see GroupCommit): each answer still waits for its own row to be committed, and each request
 * gets exactly the answer or error it would have got alone.
 */
export function registerSendMessage(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  const sends = new GroupCommit<SendRequest, IdempotentResult<SendMessageResult>>((_tenantId, requests) =>
    sendMessages({ ctx: deps.services, requests }),
  );
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const result = await sends.add(principal.tenantId, {
      input: c.req.valid('json'),
      principal: { tenantId: principal.tenantId, apiKeyId: principal.keyId },
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    c.get('log').info(
      { messageId: result.body.id, status: result.body.status, replayed: result.replayed },
      'message accepted',
    );
    return c.json(result.body, 202);
  });
}
