import { listDeadLetters } from '@pregon/services';
import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';
import { renderTable } from '../text-table.ts';

export const deadlettersList = defineCommand({
  words: ['deadletters', 'list'],
  summary: 'Jobs that ran out of retries (message.prepare, receipt.apply, carrier submits), newest first',
  flags: [
    { name: 'limit', type: 'string', value: 'n', default: '100', description: 'at most this many (1-1000)' },
  ],
  examples: ['pnpm pregon deadletters list', 'pnpm pregon deadletters list --json'],
  input: (args) =>
    validateFlags(
      z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
      { limit: args.string('limit') },
      args,
    ),
  async run({ ctx }, input) {
    const { deadLetters } = await listDeadLetters({ ctx, input, actor: { kind: 'cli' } });
    const text =
      deadLetters.length === 0
        ? 'No dead letters.'
        : renderTable(
            ['id', 'queue', 'failed at', 'attempts', 'items', 'reason'],
            deadLetters.map((d) => [
              d.id,
              d.queue,
              d.failedAt ?? '',
              String(d.attempts),
              String(d.messages + d.receipts),
              d.reason,
            ]),
          );
    return { json: { deadLetters }, text };
  },
});
