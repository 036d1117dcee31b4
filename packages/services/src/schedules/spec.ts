import { AppError } from '@pregon/domain';
import { z } from 'zod';
import { createBroadcastInput } from '../broadcasts/create.ts';
import { sendMessageInput } from '../messages/send.ts';
import { parseDuration } from '../scheduling/reminder.ts';

const validFor = z
  .string()
  .min(1)
  .max(40)
  .describe('ISO 8601 duration from each occurrence after which its message is stale (e.g. PT2H)');

/** One message per run: what `POST /v1/messages` takes, minus timing; `validFor` counts from the occurrence. */
export const scheduleMessageSpec = sendMessageInput
  .pick({ to: true, text: true, from: true, lane: true, reference: true })
  .extend({ validFor: validFor.optional() })
  .strict();
export type ScheduleMessageSpec = z.infer<typeof scheduleMessageSpec>;

/** One broadcast per run: createBroadcast's input minus service (the schedule's) and timing. */
export const scheduleBroadcastSpec = createBroadcastInput
  .omit({ service: true, sendAt: true, validUntil: true, supersedes: true })
  .extend({ validFor: validFor.optional() })
  .strict();
export type ScheduleBroadcastSpec = z.infer<typeof scheduleBroadcastSpec>;

export const createScheduleInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Five fields: minute hour day-of-month month day-of-week. */
    cron: z.string().min(1).max(120),
    /** IANA time zone the cron is read in; default the agency's. */
    timezone: z.string().min(1).max(64).optional(),
    /** The service's slug; required for a broadcast. */
    service: z.string().min(1).max(64).optional(),
    message: scheduleMessageSpec.optional(),
    broadcast: scheduleBroadcastSpec.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CreateScheduleInput = z.input<typeof createScheduleInput>;

/** Parses with zod, turning the first issue into a BAD_REQUEST naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new AppError('BAD_REQUEST', `"${field}" ${issue?.message ?? 'is invalid'}`, { details: { field } });
}

/** The validity of one run's message or broadcast, from its occurrence. */
export function runValidUntil(spec: { validFor?: string | undefined }, occurrence: Date): Date | null {
  if (spec.validFor === undefined) return null;
  const d = parseDuration(spec.validFor, 'validFor');
  return new Date(occurrence.getTime() + d.days * 86_400_000 + d.ms);
}
