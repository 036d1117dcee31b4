import { listCarriers } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { renderTable } from '../text-table.ts';

export const carrierList = defineCommand({
  words: ['carrier', 'list'],
  summary: 'List carriers with their routes and live link state (never passwords)',
  input: () => ({}),
  async run({ ctx }) {
    const carriers = await listCarriers({ ctx });
    const text =
      carriers.length === 0
        ? 'No carriers yet. Add one with `pnpm pregon carrier add --help`.'
        : renderTable(
            ['NAME', 'ADDRESS', 'SYSTEM ID', 'BINDS', 'WINDOW', 'TPS', 'ENCODING', 'ROUTES', 'LINKS'],
            carriers.map((c) => [
              c.enabled ? c.name : `${c.name} (disabled)`,
              `${c.tls ? 'tls://' : ''}${c.host}:${c.port}`,
              c.systemId,
              `${c.binds} ${c.bindMode}`,
              String(c.window),
              c.tps === 0 ? '-' : String(c.tps),
              c.encoding,
              c.routes
                .map((r) => `${r.prefix}/${r.priority}${r.agencyId === null ? '' : '(agency)'}`)
                .join(' ') || '-',
              c.links.map((l) => l.state).join(' ') || '-',
            ]),
          );
    return { json: { carriers }, text };
  },
});
