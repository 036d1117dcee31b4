import { getAgencyQuotaStatus, type QuotaStatus, setQuotas } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { usageError } from '../usage-error.ts';

const LEVELS = [
  ['daily-warn', 'dailyMessages', 'warn', 'messages a day: warn the agency (webhook, audit) once'],
  ['daily-block', 'dailyMessages', 'block', 'messages a day: reject more (reason quota_exceeded)'],
  ['monthly-warn', 'monthlyMessages', 'warn', 'messages a month: warn once'],
  ['monthly-block', 'monthlyMessages', 'block', 'messages a month: reject more'],
  ['spend-warn', 'monthlySpend', 'warn', 'spend a month (segments x carrier price): warn once'],
  ['spend-block', 'monthlySpend', 'block', 'spend a month: reject more'],
] as const;

const flags: readonly FlagSpec[] = [
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    required: true,
    description: 'the agency',
    field: 'agencySlug',
  },
  ...LEVELS.map(([name, group, level, description]) => ({
    name,
    type: 'string' as const,
    value: group === 'monthlySpend' ? 'amount|off' : 'count|off',
    description,
    field: `${group}.${level}`,
  })),
];

type Levels = Record<string, Record<string, number | string | null>>;

function describe(status: QuotaStatus): string {
  const lines = status.quotas.map((q) => {
    const limits = [q.warn === null ? null : `warn ${q.warn}`, q.block === null ? null : `block ${q.block}`]
      .filter((x) => x !== null)
      .join(', ');
    return `  ${q.quota.padEnd(17)} ${String(q.used).padStart(12)} used since ${q.period}   ${limits || 'no limit'}${q.warned ? '   (warned)' : ''}`;
  });
  return [`Agency ${status.agency} (${status.timezone}):`, ...lines].join('\n');
}

export const agencyQuota = defineCommand({
  words: ['agency', 'quota'],
  summary: "Show or set an agency's daily/monthly message and monthly spend quotas",
  details:
    'Without level flags it shows usage and levels. A message past a block level ends rejected (reason quota_exceeded); crossing a warn level tells the agency once per period (webhook agency.quota_warning, audit event). Emergency messages and replies to a citizen are never blocked, but count. `off` removes a level.',
  flags,
  examples: [
    'pnpm pregon agency quota --agency valencia',
    'pnpm pregon agency quota --agency valencia --daily-warn 80000 --daily-block 100000 --spend-block 5000',
    'pnpm pregon agency quota --agency valencia --daily-block off',
  ],
  input(args) {
    const levels: Levels = {};
    for (const [name, group, level] of LEVELS) {
      const raw = args.string(name);
      if (raw === undefined) continue;
      let value: number | string | null;
      if (raw === 'off') value = null;
      else if (group === 'monthlySpend') value = raw;
      else {
        if (!/^\d+$/.test(raw))
          throw usageError(`--${name}: a whole number of messages, or off`, args.command);
        value = Number(raw);
      }
      levels[group] = { ...levels[group], [level]: value };
    }
    return { agencySlug: args.required('agency'), levels };
  },
  async run({ ctx }, input) {
    const actor = { kind: 'cli' } as const;
    if (Object.keys(input.levels).length > 0)
      await setQuotas({ ctx, input: { agencySlug: input.agencySlug, ...input.levels }, actor });
    const status = await getAgencyQuotaStatus({ ctx, input: { agencySlug: input.agencySlug }, actor });
    return { json: { quota: status }, text: describe(status) };
  },
});
