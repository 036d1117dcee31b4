import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_TYPES } from '@pregon/domain';
import { ErrorBody } from './schemas.ts';

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType');

export const CreateWebhookBody = z
  .object({
    url: z.string().min(1).max(2048).openapi({
      description: 'https URL that receives the events (http only to localhost where the platform allows it)',
      example: 'https://his.example.org/pregon/events',
    }),
    events: z
      .array(WebhookEventType)
      .min(1)
      .optional()
      .openapi({ description: 'Event types to send; default ["message.status"]' }),
  })
  .openapi('CreateWebhook');

export const Webhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    consecutiveFailures: z.number().int(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable().openapi({
      description: 'Why it was turned off, e.g. "20 consecutive failed deliveries (last: HTTP 500)"',
    }),
    previousSecretExpiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

export const CreatedWebhook = Webhook.extend({
  secret: z.string().openapi({ description: 'Signing secret: shown only now; keep it safe' }),
}).openapi('CreatedWebhook');

export const RotatedSecret = z
  .object({
    id: z.uuid(),
    secret: z.string().openapi({ description: 'The new signing secret: shown only now' }),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .openapi({ description: 'Until then every request also carries a signature with the old secret' }),
  })
  .openapi('RotatedWebhookSecret');

export const WebhookAttempt = z
  .object({
    id: z.number().int(),
    eventId: z.uuid(),
    eventType: z.string(),
    attempt: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    ok: z.boolean(),
    at: z.string(),
  })
  .openapi('WebhookAttempt');

export const WebhookIdParam = z.object({
  id: z
    .string()
    .openapi({ param: { name: 'id', in: 'path' }, example: '6d2f0c1e-8a4b-4f7e-9c35-1b2a3c4d5e6f' }),
});

export const notFound = {
  404: {
    description: 'No such webhook in your agency',
    content: { 'application/json': { schema: ErrorBody } },
  },
} as const;
