import { updateCarrier, updateCarrierInput } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';
import { usageError } from '../usage-error.ts';
import { carrierFlags } from './carrier-add.ts';

// Every `carrier add` setting, none required and none defaulted: only what is named changes.
const flags: readonly FlagSpec[] = [
  ...carrierFlags.map(({ required: _required, default: _default, ...flag }) =>
    flag.name === 'name' ? { ...flag, required: true, description: 'the carrier to change' } : flag,
  ),
  { name: 'no-tls', type: 'boolean', description: 'connect without TLS' },
];

export const carrierUpdate = defineCommand({
  words: ['carrier', 'update'],
  summary: 'Change some settings of a carrier (the rest stay); gateways rebind on their next link sync',
  flags,
  examples: [
    'pnpm pregon carrier update --name movistar --window 50 --tps 200',
    'pnpm pregon carrier update --name movistar --password n3wpass',
  ],
  input(args) {
    if (args.boolean('tls') && args.boolean('no-tls'))
      throw usageError('--tls and --no-tls contradict each other', args.command);
    const tls = args.boolean('tls') ? true : args.boolean('no-tls') ? false : undefined;
    return validateFlags(
      updateCarrierInput,
      {
        name: args.required('name'),
        host: args.string('host'),
        port: args.string('port'),
        systemId: args.string('system-id'),
        password: args.string('password'),
        systemType: args.string('system-type'),
        bindMode: args.string('bind'),
        binds: args.string('binds'),
        window: args.string('window'),
        tps: args.string('tps'),
        idNotation: args.string('id-notation'),
        encoding: args.string('encoding'),
        tls,
        pricePerSegment: args.string('price'),
        destTon: args.string('dest-ton'),
        destNpi: args.string('dest-npi'),
      },
      args,
    );
  },
  async run({ ctx }, input) {
    const carrier = await updateCarrier({ ctx, input, actor: { kind: 'cli' } });
    const changed = Object.keys(input).filter(
      (k) => k !== 'name' && input[k as keyof typeof input] !== undefined,
    );
    return {
      json: { carrier },
      text: `Updated carrier ${carrier.name}: ${changed.join(', ') || 'nothing changed'}.`,
    };
  },
});
