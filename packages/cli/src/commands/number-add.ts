import { addInboundNumber, addInboundNumberInput } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

export const numberAdd = defineCommand({
  words: ['number', 'add'],
  summary: 'Give an agency a short code or long number citizens text (and replies come from)',
  details:
    'With --service the number is dedicated to that service (STOP leaves it). Without, it is shared: several agencies may add it, each owning its keywords there.',
  flags: [
    {
      name: 'agency',
      type: 'string',
      value: 'slug',
      field: 'agencySlug',
      required: true,
      description: 'agency',
    },
    {
      name: 'number',
      type: 'string',
      value: 'short code or E.164',
      required: true,
      description: '21700 or +34911000000',
    },
    {
      name: 'service',
      type: 'string',
      value: 'slug',
      field: 'serviceSlug',
      description: 'dedicate the number to this service of the agency',
    },
  ],
  examples: [
    'pnpm pregon number add --agency ajuntament-alzira --number 21700 --service alertas',
    'pnpm pregon number add --agency salut-valencia --number 21900',
  ],
  input: (args) =>
    validateFlags(
      addInboundNumberInput,
      {
        agencySlug: args.required('agency'),
        number: args.required('number'),
        serviceSlug: args.string('service'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const n = await addInboundNumber({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { number: n },
      text: n.shared
        ? `${n.number} is a shared number; ${n.agency} can add keywords on it.`
        : `${n.number} is dedicated to ${n.agency}/${n.service}.`,
    };
  },
});
