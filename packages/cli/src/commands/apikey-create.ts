import { createApiKey } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';

const flags: readonly FlagSpec[] = [
  { name: 'agency', type: 'string', value: 'slug', required: true, description: 'agency the key acts for' },
  { name: 'test', type: 'boolean', description: 'a test-mode key (prg_test_...)' },
  { name: 'name', type: 'string', value: 'name', description: 'a label to tell keys apart' },
];

export const apikeyCreate = defineCommand({
  words: ['apikey', 'create'],
  summary: 'Mint an API key for an agency; the key is shown once',
  flags,
  examples: ['pnpm pregon apikey create --agency valencia --name "citizen portal" --json'],
  input: (args) => {
    const name = args.string('name');
    return {
      agencySlug: args.required('agency'),
      mode: args.boolean('test') ? ('test' as const) : ('live' as const),
      ...(name === undefined ? {} : { name }),
    };
  },
  async run({ ctx }, input) {
    const key = await createApiKey({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { key: key.key, prefix: key.prefix, mode: key.mode, id: key.id, agency: input.agencySlug },
      text: [
        `Created ${key.mode} API key ${key.prefix}… for ${input.agencySlug}. It is shown only once:`,
        '',
        `  ${key.key}`,
        '',
        `Revoke it with \`pnpm pregon apikey revoke ${key.prefix}\`.`,
      ].join('\n'),
    };
  },
});
