import { retryDeadLetter } from '@pregon/services';
import { defineCommand } from '../command.ts';

export const deadlettersRetry = defineCommand({
  words: ['deadletters', 'retry'],
  summary: 'Give a dead letter one more attempt',
  positionals: [{ name: 'jobId', description: 'the id shown by `deadletters list`' }],
  examples: ['pnpm pregon deadletters retry 0b6c2a4e-5f7d-4a51-9a8e-3c2d1e0f9a87'],
  input: (args) => ({ jobId: args.positional(0) }),
  async run({ ctx }, input) {
    const job = await retryDeadLetter({ ctx, input, actor: { kind: 'cli' } });
    return { json: { retried: job }, text: `Job ${job.id} (${job.queue}) will run again within seconds.` };
  },
});
