import { createSmppClient, createSmppClientInput } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    field: 'agencySlug',
    required: true,
    description: 'agency the client sends for',
  },
  {
    name: 'system-id',
    type: 'string',
    value: 's',
    field: 'systemId',
    required: true,
    description: 'SMPP system_id the agency binds with (at most 15 characters, unique)',
  },
  {
    name: 'password',
    type: 'string',
    value: 'pw',
    required: true,
    description: 'SMPP password (at most 8 characters)',
  },
  {
    name: 'max-binds',
    type: 'string',
    value: 'n',
    field: 'maxBinds',
    default: '4',
    description: 'binds it may hold at once',
  },
  {
    name: 'tps',
    type: 'string',
    value: 'n',
    default: '0 = no per-client limit',
    description: 'submit_sm per second across its binds (more get ESME_RTHROTTLED)',
  },
];

export const smppClientAdd = defineCommand({
  words: ['smpp-client', 'add'],
  summary: 'Give an agency system credentials to bind to our SMPP listener (SMPP_PORT)',
  flags,
  examples: ['pnpm pregon smpp-client add --agency salut-valencia --system-id hospital1 --password s3cret'],
  input: (args) =>
    validateFlags(
      createSmppClientInput,
      {
        agencySlug: args.required('agency'),
        systemId: args.required('system-id'),
        password: args.required('password'),
        maxBinds: args.string('max-binds'),
        tps: args.string('tps'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const client = await createSmppClient({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { smppClient: { id: client.id, systemId: client.systemId, agency: client.agency } },
      text: [
        `Added SMPP client ${client.systemId} for ${client.agency}: up to ${client.maxBinds} bind(s), ${client.tps === 0 ? 'no TPS limit' : `${client.tps} TPS`}.`,
        'It binds to the gateway SMPP listener (SMPP_PORT, default 2775) with this system_id and password.',
      ].join('\n'),
    };
  },
});
