import { z } from '@hono/zod-openapi';
import { MESSAGE_STATUSES } from '@pregon/domain';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BAD_REQUEST' }),
      message: z
        .string()
        .openapi({ example: '"to" must be E.164: a + followed by 7 to 15 digits, e.g. +34600000001' }),
      requestId: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

export const SendMessageBody = z
  .object({
    to: z.string().min(1).max(32).openapi({ description: 'Recipient in E.164', example: '+34600000001' }),
    text: z
      .string()
      .min(1)
      .max(4000)
      .openapi({ example: 'Recordatorio: cita el martes 3 a las 10:30 en el CS Benimaclet.' }),
    from: z
      .string()
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: 'One of your senders; default: the service or agency default' }),
    service: z.string().min(1).max(64).optional().openapi({ description: 'Slug of one of your services' }),
    sendAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Schedule for later (RFC 3339)' }),
    remind: z
      .object({
        at: z.iso.datetime({ offset: true }).openapi({
          description: 'The appointment (RFC 3339); must be ahead',
          example: '2026-06-12T10:30:00+02:00',
        }),
        before: z.string().min(1).max(40).openapi({
          description:
            "ISO 8601 duration before the appointment: weeks, days, hours, minutes, seconds (no months or years). Days are calendar days in the agency's time zone (P1D before 10:00 is 10:00 the day before, across DST too); hours are exact.",
          example: 'PT48H',
        }),
      })
      .optional()
      .openapi({
        description:
          'A reminder relative to an appointment, instead of `sendAt` (both: 400). `validUntil` defaults to the appointment and may not be after it, so a reminder is never delivered once the appointment has begun. If the reminder time has already passed but the appointment has not, it is sent at once. The appointment is stored with the message.',
      }),
    validUntil: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Never submitted after this instant; ends `expired`' }),
    reference: z.string().max(200).optional().openapi({ description: 'Your own reference, echoed back' }),
    lane: z.enum(['emergency', 'transactional', 'bulk']).optional().openapi({
      description:
        'Priority lane. Default: `election` for an elections service, else `transactional`. `bulk` steps down behind everything else; `emergency` (ahead of everything, ignores quiet hours) only with a city-alerts `service`, else 400.',
    }),
  })
  .openapi('SendMessage');

export const MessageStatus = z.enum(MESSAGE_STATUSES).openapi('MessageStatus');

export const Accepted = z.object({ id: z.uuid(), status: MessageStatus }).openapi('MessageAccepted');

export const Message = z
  .object({
    id: z.uuid(),
    to: z.string(),
    from: z.string(),
    text: z.string(),
    reference: z.string().nullable(),
    status: MessageStatus,
    reason: z
      .string()
      .nullable()
      .openapi({ description: 'Stable snake_case code, e.g. opted_out, carrier_rejected' }),
    smppStatus: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'SMPP command_status of a carrier refusal, e.g. 11 (ESME_RINVDSTADR)' }),
    segments: z.number().int().nullable(),
    encoding: z.string().nullable(),
    carrierMessageId: z.string().nullable(),
    createdAt: z.string(),
    history: z.array(z.object({ status: MessageStatus, at: z.string(), reason: z.string().nullable() })),
  })
  .openapi('Message');

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorBody } } },
  401: {
    description: 'Missing, unknown or revoked API key',
    content: { 'application/json': { schema: ErrorBody } },
  },
  429: {
    description: 'Rate limited; see Retry-After',
    content: { 'application/json': { schema: ErrorBody } },
  },
} as const;
