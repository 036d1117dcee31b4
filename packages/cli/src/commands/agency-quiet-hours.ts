import { setQuietHours, setQuietHoursInput } from '@pregon/services';
import { z } from 'zod';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';
import { usageError } from '../usage-error.ts';

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
    name: 'service',
    type: 'string',
    value: 'slug',
    description: 'one of its services instead (its own window overrides the agency’s)',
    field: 'serviceSlug',
  },
  { name: 'start', type: 'string', value: 'HH:MM', description: 'quiet from (agency time zone)' },
  { name: 'end', type: 'string', value: 'HH:MM', description: 'until; may be the next morning' },
  { name: 'off', type: 'boolean', description: 'no quiet hours (a service then follows its agency)' },
];

const { shape } = setQuietHoursInput;
// Flags are absent rather than null; --off stands for both null.
const flagsInput = z.object({
  agencySlug: shape.agencySlug,
  serviceSlug: shape.serviceSlug,
  start: shape.start.unwrap().optional(),
  end: shape.end.unwrap().optional(),
});

export const agencyQuietHours = defineCommand({
  words: ['agency', 'quiet-hours'],
  summary: 'Set the hours when non-urgent messages wait (emergency ones never do)',
  details:
    'Times are wall-clock in the agency’s time zone, DST included; a window may cross midnight. Messages due inside it stay scheduled (reason quiet_hours) until it ends.',
  flags,
  examples: [
    'pnpm pregon agency quiet-hours --agency valencia --start 21:00 --end 08:00',
    'pnpm pregon agency quiet-hours --agency valencia --service citas --off',
  ],
  input(args) {
    const off = args.boolean('off');
    const start = args.string('start');
    const end = args.string('end');
    if (off && (start !== undefined || end !== undefined))
      throw usageError('--off turns quiet hours off: give it without --start and --end', args.command);
    if (!off && (start === undefined || end === undefined))
      throw usageError('give --start and --end (HH:MM), or --off', args.command);
    const input = validateFlags(
      flagsInput,
      { agencySlug: args.required('agency'), serviceSlug: args.string('service'), start, end },
      args,
    );
    return { ...input, start: input.start ?? null, end: input.end ?? null };
  },
  async run({ ctx }, input) {
    const set = await setQuietHours({ ctx, input, actor: { kind: 'cli' } });
    const scope = set.service === null ? `Agency ${set.agency}` : `Service ${set.agency}/${set.service}`;
    const text =
      set.start === null
        ? `${scope}: no quiet hours${set.service === null ? '' : ' of its own (follows the agency)'}.`
        : `${scope}: quiet from ${set.start} to ${set.end} (${set.timezone}); emergency messages still go.`;
    return { json: { quietHours: set }, text };
  },
});
