import { deleteSchedule, listSchedules, locateAgency, setScheduleEnabled } from '@pregon/services';
import { defineCommand, type Session } from '../command.ts';
import { renderTable } from '../text-table.ts';

const actor = { kind: 'cli' } as const;
const agencyFlag = {
  name: 'agency',
  type: 'string',
  value: 'slug',
  required: true,
  description: 'the agency',
} as const;
const refPositional = [{ name: 'schedule', description: 'its name or id' }];

const tenantOf = async (session: Session, agencySlug: string, action: string) =>
  (await locateAgency({ ctx: session.ctx, input: { agencySlug }, actor, action })).tenantId;

export const scheduleList = defineCommand({
  words: ['schedule', 'list'],
  summary: "An agency's recurring schedules: cron, zone, next run and last result",
  flags: [agencyFlag],
  examples: ['pnpm pregon schedule list --agency valencia --json'],
  input: (args) => ({ agencySlug: args.required('agency') }),
  async run(session, input) {
    const tenantId = await tenantOf(session, input.agencySlug, 'schedule.list');
    const schedules = await listSchedules({ ctx: session.ctx, principal: { tenantId } });
    const rows = schedules.map((s) => [
      s.name,
      s.cron,
      s.timezone,
      s.kind,
      s.enabled ? (s.nextRunAt ?? '-') : 'disabled',
      s.lastResult ? `${s.lastResult.outcome} ${s.lastRunAt ?? ''}`.trim() : '-',
    ]);
    return {
      json: { schedules },
      text:
        schedules.length === 0
          ? 'No schedules.'
          : renderTable(['name', 'cron', 'timezone', 'kind', 'next run', 'last run'], rows),
    };
  },
});

const toggle = (enabled: boolean) =>
  defineCommand({
    words: ['schedule', enabled ? 'enable' : 'disable'],
    summary: enabled
      ? 'Switch a schedule back on from its next occurrence (missed ones are not sent)'
      : 'Switch a schedule off',
    flags: [agencyFlag],
    positionals: refPositional,
    input: (args) => ({ agencySlug: args.required('agency'), schedule: args.positional(0) }),
    async run(session, input) {
      const tenantId = await tenantOf(
        session,
        input.agencySlug,
        enabled ? 'schedule.enable' : 'schedule.disable',
      );
      const schedule = await setScheduleEnabled({
        ctx: session.ctx,
        input: { schedule: input.schedule, enabled },
        principal: { tenantId, actor },
      });
      return {
        json: { schedule },
        text: `Schedule ${schedule.name} ${enabled ? `enabled, next run ${schedule.nextRunAt}` : 'disabled'}.`,
      };
    },
  });

export const scheduleEnable = toggle(true);
export const scheduleDisable = toggle(false);

export const scheduleDelete = defineCommand({
  words: ['schedule', 'delete'],
  summary: 'Delete a schedule (the messages it sent stay)',
  flags: [agencyFlag],
  positionals: refPositional,
  input: (args) => ({ agencySlug: args.required('agency'), schedule: args.positional(0) }),
  async run(session, input) {
    const tenantId = await tenantOf(session, input.agencySlug, 'schedule.delete');
    const deleted = await deleteSchedule({
      ctx: session.ctx,
      input: { schedule: input.schedule },
      principal: { tenantId, actor },
    });
    return { json: { schedule: deleted }, text: `Schedule ${input.schedule} deleted.` };
  },
});
