import { purgeExpiredPersonalData } from '@pregon/services';
import { defineCommand } from '../command.ts';

export const retentionRun = defineCommand({
  words: ['retention', 'run'],
  summary: 'Redact personal data past each agency’s retention now (the dispatcher does it hourly)',
  details:
    'Without --full only the 30 days before each cutoff are looked at, as the hourly job does; --full reads every old message (first run on old data, or after the dispatcher was stopped for weeks).',
  flags: [
    {
      name: 'full',
      type: 'boolean',
      description: 'look at every message, not just the last 30 days past the cutoff',
    },
  ],
  examples: ['pnpm pregon retention run', 'pnpm pregon retention run --full --json'],
  input: (args) => ({ full: args.boolean('full') }),
  async run({ ctx }, input) {
    const run = await purgeExpiredPersonalData({ ctx, input, actor: { kind: 'cli' } });
    const lines = run.agencies.map(
      (a) =>
        `${a.slug} (${a.days} d): ${a.messages} messages, ${a.inbound} inbound, ${a.webhookAttempts} webhook payloads redacted; ${a.idempotencyKeys} idempotency keys deleted`,
    );
    return {
      json: { retention: run },
      text: [...lines, `${run.sessions} expired sessions deleted`].join('\n'),
    };
  },
});
