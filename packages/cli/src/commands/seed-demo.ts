import { listCarriers, seedDemo } from '@pregon/services';
import { z } from 'zod';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';
import { renderTable } from '../text-table.ts';

// A fresh database's guess; `pnpm start` re-seeds with its simulator's real address anyway.
const DEFAULT_SMSC = { host: '127.0.0.1', port: 2776 };

const flags: readonly FlagSpec[] = [
  {
    name: 'smsc-host',
    type: 'string',
    value: 'host',
    default: `the carrier's current host, else ${DEFAULT_SMSC.host}`,
    description: 'SMSC the demo carrier binds to',
  },
  {
    name: 'smsc-port',
    type: 'string',
    value: 'port',
    default: `PREGON_SIMULATOR_PORT, else the carrier's current port, else ${DEFAULT_SMSC.port}`,
    description: 'its port',
  },
  {
    name: 'carrier-name',
    type: 'string',
    value: 'name',
    default: 'simulator',
    description: 'name of the demo carrier',
  },
];

const seedFlags = z.object({
  smscHost: z.string().min(1).optional(),
  smscPort: z.coerce.number().int().min(1).max(65535).optional(),
  carrierName: z.string().min(1).optional(),
});

export const seedDemoCommand = defineCommand({
  words: ['seed', 'demo'],
  summary: 'Seed the operator, four demo agencies (admins, services, API keys) and a simulator carrier',
  details:
    'Idempotent: running it again prints the same logins and keys. Without --smsc-host/--smsc-port an\nexisting demo carrier keeps its address, so re-seeding never points it somewhere else.',
  flags,
  examples: ['pnpm pregon seed demo', 'pnpm pregon seed demo --smsc-host 127.0.0.1 --smsc-port 2776 --json'],
  input(args) {
    const raw = {
      smscHost: args.string('smsc-host'),
      smscPort: args.string('smsc-port'),
      carrierName: args.string('carrier-name'),
    };
    return validateFlags(seedFlags, raw, args);
  },
  async run({ ctx, env, log }, input) {
    const carrierName = input.carrierName ?? 'simulator';
    const existing = (await listCarriers({ ctx })).find((c) => c.name === carrierName);
    const smscHost = input.smscHost ?? existing?.host ?? DEFAULT_SMSC.host;
    const smscPort = input.smscPort ?? env.simulatorPort ?? existing?.port ?? DEFAULT_SMSC.port;
    log(`pregon: seeding demo data; carrier "${carrierName}" -> ${smscHost}:${smscPort}`);
    const demo = await seedDemo({ ctx, input: { smscHost, smscPort, carrierName } });
    return {
      json: { ...demo, smsc: { host: smscHost, port: smscPort } },
      text: [
        `Platform admin: ${demo.platformAdmin.email} / ${demo.platformAdmin.password}`,
        `Carrier: ${demo.carrier} -> ${smscHost}:${smscPort}`,
        '',
        renderTable(
          ['AGENCY', 'ADMIN', 'PASSWORD', 'API KEY'],
          demo.agencies.map((a) => [a.slug, a.adminEmail, a.adminPassword, a.apiKey]),
        ),
      ].join('\n'),
    };
  },
});
