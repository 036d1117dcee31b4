import { addRoute } from '@pregon/services';
import { z } from 'zod';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  {
    name: 'prefix',
    type: 'string',
    value: '+34',
    required: true,
    description: 'destination prefix: + and digits',
  },
  { name: 'carrier', type: 'string', value: 'name', required: true, description: 'carrier name' },
  {
    name: 'priority',
    type: 'string',
    value: 'n',
    default: '1',
    description: 'lower numbers are tried first',
  },
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    default: 'every agency',
    description: "this agency's own route, tried before the platform's",
  },
];

// The verb validates the prefix and carrier; only the number needs reading here.
const routeFlags = z.object({
  prefix: z.string(),
  carrier: z.string(),
  priority: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  agency: z.string().min(1).optional(),
});

export const routeAdd = defineCommand({
  words: ['route', 'add'],
  summary:
    'Route destinations starting with a prefix to a carrier, for every agency or one (re-adding updates the priority)',
  flags,
  examples: [
    'pnpm pregon route add --prefix +34 --carrier movistar',
    'pnpm pregon route add --prefix +346 --carrier backup --priority 2',
    'pnpm pregon route add --prefix +34 --carrier vodafone --agency salud',
  ],
  input(args) {
    const raw = {
      prefix: args.required('prefix'),
      carrier: args.required('carrier'),
      priority: args.string('priority'),
      agency: args.string('agency'),
    };
    return validateFlags(routeFlags, raw, args);
  },
  async run({ ctx }, { prefix, carrier, priority, agency }) {
    const route = await addRoute({
      ctx,
      input: {
        prefix,
        carrier,
        ...(priority === undefined ? {} : { priority }),
        ...(agency === undefined ? {} : { agencySlug: agency }),
      },
      actor: { kind: 'cli' },
    });
    return {
      json: { route },
      text: `Routing ${route.prefix} to ${route.carrier} (priority ${route.priority})${route.agency === null ? '' : ` for agency ${route.agency}`}.`,
    };
  },
});
