import { createService, createServiceInput } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

export const serviceCreate = defineCommand({
  words: ['service', 'create'],
  summary: 'Add a service (one use: reminders, absences, alerts, results) to an agency',
  flags: [
    {
      name: 'agency',
      type: 'string',
      value: 'slug',
      field: 'agencySlug',
      required: true,
      description: 'agency',
    },
    { name: 'slug', type: 'string', value: 's', required: true, description: 'id within the agency' },
    { name: 'name', type: 'string', value: 'n', required: true, description: 'name citizens see in replies' },
    {
      name: 'type',
      type: 'string',
      value: 'health|education|city-alerts|elections|custom',
      required: true,
      description: 'kind of service',
    },
    {
      name: 'contact',
      type: 'string',
      value: 'text',
      field: 'contactText',
      description: 'what HELP/AYUDA/AJUDA answers (phone, web)',
    },
  ],
  examples: [
    'pnpm pregon service create --agency ajuntament-alzira --slug alertas --name "Alertes" --type city-alerts',
  ],
  input: (args) =>
    validateFlags(
      createServiceInput,
      {
        agencySlug: args.required('agency'),
        slug: args.required('slug'),
        name: args.required('name'),
        type: args.required('type'),
        contactText: args.string('contact'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const s = await createService({ ctx, input, actor: { kind: 'cli' } });
    return { json: { service: s }, text: `Created service ${s.agency}/${s.slug} (${s.type}).` };
  },
});
