import { createSchedule, locateAgency } from '@pregon/services';
import { defineCommand } from '../command.ts';

const actor = { kind: 'cli' } as const;

export const scheduleAdd = defineCommand({
  words: ['schedule', 'add'],
  summary: 'Send one message on a recurring schedule (cron, in a time zone)',
  details:
    'Five cron fields (minute hour day-of-month month day-of-week), read in --timezone (default the agency’s). A time the spring DST change skips runs once, shifted by the gap; one the autumn change repeats runs once. After downtime only the latest missed run is sent. The dispatcher of `pnpm start` runs it. Broadcast schedules: REST POST /v1/schedules.',
  flags: [
    { name: 'agency', type: 'string', value: 'slug', required: true, description: 'the agency' },
    { name: 'name', type: 'string', value: 'name', required: true, description: 'unique in the agency' },
    { name: 'cron', type: 'string', value: '"m h dom mon dow"', required: true, description: 'when' },
    {
      name: 'to',
      type: 'string',
      value: 'E.164',
      required: true,
      description: 'recipient',
      field: 'message.to',
    },
    {
      name: 'text',
      type: 'string',
      value: 'text',
      required: true,
      description: 'the message',
      field: 'message.text',
    },
    { name: 'timezone', type: 'string', value: 'IANA zone', description: 'default the agency’s' },
    { name: 'service', type: 'string', value: 'slug', description: 'one of its services' },
    {
      name: 'from',
      type: 'string',
      value: 'sender',
      description: 'one of its senders',
      field: 'message.from',
    },
    {
      name: 'lane',
      type: 'string',
      value: 'emergency|transactional|bulk',
      description: 'priority lane',
      field: 'message.lane',
    },
    {
      name: 'valid-for',
      type: 'string',
      value: 'ISO 8601 duration',
      description: 'each run expires this long after its time (e.g. PT2H)',
      field: 'message.validFor',
    },
    { name: 'disabled', type: 'boolean', description: 'create it switched off' },
  ],
  examples: [
    "pnpm pregon schedule add --agency valencia --name recogida --cron '0 19 * * 1' --to +34600000001 --text 'Mañana pasa la recogida de enseres' --valid-for PT3H",
  ],
  input(args) {
    const optional = (flag: string, key: string) => {
      const v = args.string(flag);
      return v === undefined ? {} : { [key]: v };
    };
    return {
      agencySlug: args.required('agency'),
      schedule: {
        name: args.required('name'),
        cron: args.required('cron'),
        ...optional('timezone', 'timezone'),
        ...optional('service', 'service'),
        ...(args.boolean('disabled') ? { enabled: false } : {}),
        message: {
          to: args.required('to'),
          text: args.required('text'),
          ...optional('from', 'from'),
          ...optional('lane', 'lane'),
          ...optional('valid-for', 'validFor'),
        },
      },
    };
  },
  async run(session, input) {
    const { tenantId } = await locateAgency({
      ctx: session.ctx,
      input: { agencySlug: input.agencySlug },
      actor,
      action: 'schedule.add',
    });
    // The service verb validates cron, zone, number, sender and lane, and names the field at fault.
    const schedule = await createSchedule({
      ctx: session.ctx,
      input: input.schedule as Parameters<typeof createSchedule>[0]['input'],
      principal: { tenantId, actor },
    });
    return {
      json: { schedule },
      text: `Schedule ${schedule.name} (${schedule.id}): "${schedule.cron}" in ${schedule.timezone}, next run ${schedule.nextRunAt ?? 'none (disabled)'}.`,
    };
  },
});
