import { listSubscribers, listSubscribersInput } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';
import { renderTable } from '../text-table.ts';

export const subscribersList = defineCommand({
  words: ['subscribers', 'list'],
  summary: "A service's subscribers: phone, status, language, attributes",
  flags: [
    {
      name: 'service',
      type: 'string',
      value: 'slug',
      field: 'serviceSlug',
      required: true,
      description: 'service',
    },
    { name: 'agency', type: 'string', value: 'slug', field: 'agencySlug', description: 'when slugs collide' },
  ],
  examples: ['pnpm pregon subscribers list --service alertas --json'],
  input: (args) =>
    validateFlags(
      listSubscribersInput,
      { serviceSlug: args.required('service'), agencySlug: args.string('agency') },
      args,
    ),
  async run({ ctx }, input) {
    const { subscribers } = await listSubscribers({ ctx, input, actor: { kind: 'cli' } });
    const text =
      subscribers.length === 0
        ? 'No subscribers.'
        : renderTable(
            ['phone', 'status', 'language', 'attributes'],
            subscribers.map((s) => [s.phone, s.status, s.language, JSON.stringify(s.attributes)]),
          );
    return { json: { subscribers }, text };
  },
});
