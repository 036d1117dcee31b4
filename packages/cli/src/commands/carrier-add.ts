import { addCarrier, addCarrierInput } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

export const carrierFlags: readonly FlagSpec[] = [
  {
    name: 'name',
    type: 'string',
    value: 'name',
    required: true,
    description: 'carrier name: letters, digits, - and _',
  },
  { name: 'host', type: 'string', value: 'host', required: true, description: 'SMSC host' },
  { name: 'port', type: 'string', value: 'port', required: true, description: 'SMSC port (1-65535)' },
  {
    name: 'system-id',
    type: 'string',
    value: 's',
    required: true,
    description: 'SMPP system_id (at most 15 characters)',
  },
  {
    name: 'password',
    type: 'string',
    value: 'pw',
    required: true,
    description: 'SMPP password (at most 8 characters)',
  },
  { name: 'system-type', type: 'string', value: 'x', default: 'empty', description: 'SMPP system_type' },
  {
    name: 'bind',
    type: 'string',
    value: 'trx|tx+rx',
    field: 'bindMode',
    default: 'trx',
    description: 'one transceiver or a transmitter+receiver pair',
  },
  { name: 'binds', type: 'string', value: 'n', default: '1', description: 'parallel binds' },
  { name: 'window', type: 'string', value: 'n', default: '10', description: 'outstanding submits per bind' },
  {
    name: 'tps',
    type: 'string',
    value: 'n',
    default: '0 = unlimited',
    description: 'submits per second per bind',
  },
  {
    name: 'id-notation',
    type: 'string',
    value: 'hex|dec|auto',
    default: 'auto',
    description: 'how receipts write message ids',
  },
  {
    name: 'encoding',
    type: 'string',
    value: 'auto|gsm7|gsm7+spanish-shift|transliterate|ucs2',
    default: 'auto',
    description: 'how text outside GSM 7-bit is sent',
  },
  { name: 'tls', type: 'boolean', description: 'connect over TLS' },
  {
    name: 'price',
    type: 'string',
    value: 'amount',
    field: 'pricePerSegment',
    default: '0',
    description: 'cost per segment',
  },
  {
    name: 'dest-ton',
    type: 'string',
    value: '0-6',
    default: '1 = international',
    description: 'type of number for destinations',
  },
  {
    name: 'dest-npi',
    type: 'string',
    value: '0-18',
    default: '1 = E.164',
    description: 'numbering plan for destinations',
  },
];

export const carrierAdd = defineCommand({
  words: ['carrier', 'add'],
  summary:
    'Register a carrier SMSC (its password is stored encrypted); the gateway binds to it on its next link sync',
  flags: carrierFlags,
  examples: [
    'pnpm pregon carrier add --name movistar --host smsc.example.net --port 2775 --system-id pregon --password s3cret --binds 2',
  ],
  input: (args) =>
    validateFlags(
      addCarrierInput,
      {
        name: args.required('name'),
        host: args.required('host'),
        port: args.required('port'),
        systemId: args.required('system-id'),
        password: args.required('password'),
        systemType: args.string('system-type'),
        bindMode: args.string('bind'),
        binds: args.string('binds'),
        window: args.string('window'),
        tps: args.string('tps'),
        idNotation: args.string('id-notation'),
        encoding: args.string('encoding'),
        tls: args.boolean('tls'),
        pricePerSegment: args.string('price'),
        destTon: args.string('dest-ton'),
        destNpi: args.string('dest-npi'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const carrier = await addCarrier({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { carrier },
      text: [
        `Added carrier ${carrier.name}: ${carrier.tls ? 'tls://' : ''}${carrier.host}:${carrier.port} as ${carrier.systemId},`,
        `${carrier.binds} ${carrier.bindMode} bind(s), window ${carrier.window}, ${carrier.tps === 0 ? 'no TPS limit' : `${carrier.tps} TPS`}.`,
        `Route traffic to it with \`pnpm pregon route add --prefix +34 --carrier ${carrier.name}\`.`,
      ].join('\n'),
    };
  },
});
