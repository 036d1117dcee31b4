import { listAgencies } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { renderTable } from '../text-table.ts';

export const agencyList = defineCommand({
  words: ['agency', 'list'],
  summary: 'List agencies with member, API key and message counts',
  input: () => ({}),
  async run({ ctx }) {
    const agencies = await listAgencies({ ctx, actor: { kind: 'cli' } });
    const text =
      agencies.length === 0
        ? 'No agencies yet. Create one with `pnpm pregon agency create --slug <slug> --name <name>`.'
        : renderTable(
            ['SLUG', 'NAME', 'KIND', 'MEMBERS', 'API KEYS', 'MESSAGES'],
            agencies.map((a) => [
              a.slug,
              a.name,
              a.kind,
              String(a.members),
              String(a.activeApiKeys),
              String(a.messages),
            ]),
          );
    return { json: { agencies }, text };
  },
});
