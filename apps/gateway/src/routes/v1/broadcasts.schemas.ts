import { createRoute, z } from '@hono/zod-openapi';
import { MESSAGE_STATUSES } from '@pregon/domain';
import { ErrorBody, errorResponses } from './schemas.ts';

const language = z.enum(['es', 'ca', 'en']);
const filter = z.record(z.string(), z.union([z.string(), z.array(z.string())])).openapi({
  description: 'Attribute -> value or any of several values; `language` selects one language',
  example: { district: '12', language: 'ca' },
});

export const CreateBroadcastBody = z
  .object({
    service: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'Slug of one of your services', example: 'alertas' }),
    name: z.string().min(1).max(200).openapi({ example: 'Corte de agua, distrito 12' }),
    reference: z.string().max(200).optional().openapi({ description: 'Your own reference, echoed back' }),
    target: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('service') }),
        z.object({ kind: z.literal('query'), where: filter, language: language.optional() }),
        z.object({ kind: z.literal('saved_list'), listId: z.string() }),
        z.object({
          kind: z.literal('upload'),
          recipients: z
            .array(
              z.object({
                phone: z.string().max(32),
                language: language.optional(),
                attributes: z.record(z.string(), z.string().max(200)).optional(),
              }),
            )
            .min(1)
            .max(50_000),
        }),
      ])
      .openapi({
        description:
          '`service`: every active subscriber; `query`: active subscribers whose attributes match; `saved_list`: a list made with POST /v1/lists; `upload`: your own recipients (up to 50,000), with attributes for the placeholders. An upload with any invalid row is refused whole (400 with `details.errors`: row, field, reason).',
      }),
    templates: z
      .object({
        es: z.string().min(1).max(4000).optional(),
        ca: z.string().min(1).max(4000).optional(),
        en: z.string().min(1).max(4000).optional(),
      })
      .openapi({
        description:
          'Text per language; `{{attribute}}` is filled from the recipient. A recipient whose language has no text gets `defaultLanguage`; one missing a placeholder gets a `rejected` message (reason `missing_placeholder`).',
        example: {
          es: 'Corte de agua en el distrito {{district}} mañana de 8 a 14 h',
          ca: 'Tall d’aigua al districte {{district}} demà de 8 a 14 h',
        },
      }),
    defaultLanguage: language.optional().openapi({ description: 'Default: the first of es, ca, en given' }),
    from: z.string().min(1).max(20).optional().openapi({ description: 'One of your senders' }),
    lane: z.enum(['emergency', 'transactional', 'bulk']).optional().openapi({
      description:
        'Default `election` on an elections service, else `bulk`; `emergency` on a city-alerts service only',
    }),
    sendAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Start the fan-out later (RFC 3339)' }),
    validUntil: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Messages not submitted by then end `expired`' }),
    supersedes: z.string().optional().openapi({
      description:
        'Id of an earlier broadcast of the same service this one replaces: it stops, and its messages not yet submitted to this one’s recipients end `cancelled` (reason `superseded`)',
    }),
  })
  .openapi('CreateBroadcast');

export const BroadcastAccepted = z
  .object({ id: z.uuid(), status: z.enum(['scheduled', 'running']) })
  .openapi('BroadcastAccepted');

const where = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const TargetView = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('service') }),
    z.object({ kind: z.literal('query'), where, language: language.optional() }),
    z.object({ kind: z.literal('saved_list'), listId: z.string(), where, language: language.optional() }),
    z.object({ kind: z.literal('upload'), recipients: z.number().int() }),
  ])
  .openapi('BroadcastTarget', {
    description: 'A saved list’s filter is copied when the broadcast is created',
  });

const broadcastFields = {
  id: z.uuid(),
  service: z.string(),
  name: z.string(),
  reference: z.string().nullable(),
  status: z.enum(['scheduled', 'running', 'paused', 'cancelled', 'completed', 'superseded']),
  lane: z.enum(['emergency', 'election', 'transactional', 'bulk']),
  target: TargetView,
  templates: z.object({ es: z.string().optional(), ca: z.string().optional(), en: z.string().optional() }),
  defaultLanguage: language,
  from: z.string(),
  sendAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  supersedes: z.string().nullable(),
  targeted: z.number().int().nullable(),
  fannedOut: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
};

export const BroadcastSummary = z.object(broadcastFields).openapi('BroadcastSummary');

export const Broadcast = z
  .object({
    ...broadcastFields,
    progress: z.object({
      targeted: z.number().int().nullable(),
      fannedOut: z.number().int(),
      counts: z.record(z.enum(MESSAGE_STATUSES), z.number().int()),
      remaining: z
        .number()
        .int()
        .openapi({ description: 'Messages not submitted yet, plus recipients not fanned out yet' }),
      ratePerMinute: z
        .number()
        .int()
        .openapi({ description: 'Messages that went to a carrier in the last minute' }),
      etaSeconds: z.number().int().nullable(),
    }),
  })
  .openapi('Broadcast');

export const idParam = z.object({
  id: z
    .string()
    .openapi({ param: { name: 'id', in: 'path' }, example: '0f8c3a52-2f59-4b7c-9a53-3f2d8a1c6b10' }),
});

/** POST /v1/broadcasts/{id}/<action>: the same shape for pause, resume and cancel. */
export const broadcastActionRoute = (
  action: 'pause' | 'resume' | 'cancel',
  summary: string,
  description: string,
) =>
  createRoute({
    method: 'post',
    path: `/v1/broadcasts/{id}/${action}`,
    tags: ['broadcasts'],
    summary,
    description,
    security: [{ bearer: [] }],
    request: { params: idParam },
    responses: {
      200: {
        description: 'The broadcast with its progress',
        content: { 'application/json': { schema: Broadcast } },
      },
      ...errorResponses,
      404: {
        description: 'No such broadcast in your agency',
        content: { 'application/json': { schema: ErrorBody } },
      },
      409: {
        description: 'Not possible in its current status',
        content: { 'application/json': { schema: ErrorBody } },
      },
    },
  });

export const SavedList = z
  .object({
    id: z.uuid(),
    service: z.string(),
    name: z.string(),
    filter: z.object({
      where: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
      language: language.optional(),
    }),
    createdAt: z.string(),
  })
  .openapi('SavedList');

export const CreateSavedListBody = z
  .object({
    service: z.string().min(1).max(64).openapi({ example: 'alertas' }),
    name: z.string().min(1).max(100).openapi({ example: 'Distrito 12 (valencià)' }),
    filter,
  })
  .openapi('CreateSavedList');
