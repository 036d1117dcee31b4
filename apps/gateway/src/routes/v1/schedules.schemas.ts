import { z } from '@hono/zod-openapi';
import { ErrorBody } from './schemas.ts';

const validFor = z.string().min(1).max(40).optional().openapi({
  description:
    'ISO 8601 duration counted from each occurrence: its message expires then, and an occurrence whose validity passed while the platform was down is skipped',
  example: 'PT2H',
});

export const ScheduleMessageSpec = z
  .object({
    to: z.string().min(1).max(32).openapi({ example: '+34600000001' }),
    text: z.string().min(1).max(4000).openapi({ example: 'Mañana martes pasa la recogida de enseres.' }),
    from: z.string().min(1).max(20).optional(),
    lane: z.enum(['emergency', 'transactional', 'bulk']).optional(),
    reference: z.string().max(200).optional(),
    validFor,
  })
  .openapi('ScheduleMessageSpec');

export const CreateScheduleBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: 'Unique in your agency', example: 'recogida-enseres' }),
    cron: z.string().min(1).max(120).openapi({
      description:
        'Five fields: minute hour day-of-month month day-of-week, read in `timezone`. A time the spring DST change skips runs once, shifted by the gap (02:00 -> 03:00); one the autumn change repeats runs once.',
      example: '0 19 * * 1',
    }),
    timezone: z.string().min(1).max(64).optional().openapi({
      description: "IANA time zone; default your agency's (Europe/Madrid)",
      example: 'Europe/Madrid',
    }),
    service: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Service slug; required for a broadcast' }),
    message: ScheduleMessageSpec.optional().openapi({
      description: 'One message per run (give this or `broadcast`)',
    }),
    broadcast: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'One broadcast per run: the body of POST /v1/broadcasts without `service`, `sendAt`, `validUntil` and `supersedes`, plus `validFor`. Each run is named "<name> · <local date and time>".',
    }),
    enabled: z.boolean().optional().openapi({ description: 'Default true' }),
  })
  .openapi('CreateSchedule');

export const Schedule = z
  .object({
    id: z.uuid(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    service: z.string().nullable(),
    kind: z.enum(['message', 'broadcast']),
    spec: z.record(z.string(), z.unknown()),
    enabled: z.boolean(),
    nextRunAt: z.string().nullable().openapi({ description: 'Null while disabled' }),
    lastRunAt: z.string().nullable(),
    lastResult: z
      .object({
        outcome: z.enum(['sent', 'failed', 'skipped']),
        occurrence: z.string(),
        missed: z
          .number()
          .int()
          .openapi({ description: 'Earlier occurrences skipped because the platform was down' }),
        messageId: z.string().optional(),
        broadcastId: z.string().optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      })
      .nullable(),
    runCount: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Schedule');

export const ScheduleWithRuns = Schedule.extend({
  nextRuns: z
    .array(z.string())
    .openapi({ description: 'The next five run times (UTC); empty while disabled' }),
}).openapi('ScheduleWithRuns');

export const ScheduleIdParam = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '6d2f0c1e-8a4b-4f7e-9c35-1b2a3c4d5e6f' }),
});

export const scheduleNotFound = {
  404: {
    description: 'No such schedule in your agency',
    content: { 'application/json': { schema: ErrorBody } },
  },
} as const;
