import { revokeApiKey } from '@pregon/services';
import { defineCommand } from '../command.ts';

export const apikeyRevoke = defineCommand({
  words: ['apikey', 'revoke'],
  summary: 'Revoke an API key by its prefix',
  positionals: [{ name: 'prefix', description: 'the first 16 characters of the key, e.g. prg_live_AbCdEfG' }],
  examples: ['pnpm pregon apikey revoke prg_live_AbCdEfG'],
  input: (args) => ({ prefix: args.positional(0) }),
  async run({ ctx }, input) {
    const revoked = await revokeApiKey({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { revoked: { prefix: revoked.prefix, tenantId: revoked.tenantId } },
      text: `Revoked API key ${revoked.prefix}.`,
    };
  },
});
