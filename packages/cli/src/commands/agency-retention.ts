import { RETENTION_DAYS, setRetention, setRetentionInput } from '@pregon/services';
import { z } from 'zod';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    required: true,
    description: 'the agency',
    field: 'agencySlug',
  },
  {
    name: 'days',
    type: 'string',
    value: `${RETENTION_DAYS.min}-${RETENTION_DAYS.max}`,
    required: true,
    description: 'days message bodies and phone numbers are kept',
  },
];

const flagsInput = z.object({
  agencySlug: setRetentionInput.shape.agencySlug,
  days: z.coerce.number().pipe(setRetentionInput.shape.days),
});

export const agencyRetention = defineCommand({
  words: ['agency', 'retention'],
  summary: 'Set how long an agency keeps message bodies and phone numbers',
  details:
    'The hourly retention.purge job redacts final messages older than this (text emptied, number masked to +34******001); counts, statuses and segments stay for statistics.',
  flags,
  examples: ['pnpm pregon agency retention --agency valencia --days 30'],
  input: (args) =>
    validateFlags(flagsInput, { agencySlug: args.required('agency'), days: args.required('days') }, args),
  async run({ ctx }, input) {
    const r = await setRetention({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { retention: r },
      text: `Agency ${r.agencySlug} keeps personal data ${r.days} days (was ${r.previousDays}).`,
    };
  },
});
