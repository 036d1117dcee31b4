import { createAgency, createAgencyInput } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  {
    name: 'slug',
    type: 'string',
    value: 'slug',
    required: true,
    description: 'URL-safe id: lowercase letters, digits, hyphens',
  },
  { name: 'name', type: 'string', value: 'name', required: true, description: 'display name' },
  {
    name: 'kind',
    type: 'string',
    value: 'agency|operator',
    default: 'agency',
    description: 'operator: the platform’s own organisation',
  },
  { name: 'timezone', type: 'string', value: 'tz', default: 'Europe/Madrid', description: 'IANA time zone' },
];

export const agencyCreate = defineCommand({
  words: ['agency', 'create'],
  summary: 'Create an agency (a tenant)',
  flags,
  examples: ['pnpm pregon agency create --slug valencia --name "Ajuntament de València"'],
  input: (args) =>
    validateFlags(
      createAgencyInput,
      {
        slug: args.required('slug'),
        name: args.required('name'),
        kind: args.string('kind'),
        timezone: args.string('timezone'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const agency = await createAgency({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { agency: { id: agency.id, slug: agency.slug, name: agency.name, kind: agency.kind } },
      text: `Created ${agency.kind} "${agency.name}" (slug ${agency.slug}, id ${agency.id}).`,
    };
  },
});
