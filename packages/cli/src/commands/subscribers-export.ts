import { writeFile } from 'node:fs/promises';
import { exportSubscribers, exportSubscribersInput, locateService } from '@pregon/services';
import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flagsInput = z.object({
  serviceSlug: exportSubscribersInput.shape.serviceSlug,
  agencySlug: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
});

export const subscribersExport = defineCommand({
  words: ['subscribers', 'export'],
  summary: "Export a service's active subscribers as CSV (phone, language, attributes)",
  details: 'Without --file the CSV goes to stdout; the file can be imported back with `subscribers import`.',
  flags: [
    {
      name: 'service',
      type: 'string',
      value: 'slug',
      field: 'serviceSlug',
      required: true,
      description: 'service',
    },
    { name: 'agency', type: 'string', value: 'slug', field: 'agencySlug', description: 'when slugs collide' },
    { name: 'file', type: 'string', value: 'path', description: 'write the CSV here instead of stdout' },
  ],
  examples: ['pnpm pregon subscribers export --service alertas --file alertas.csv'],
  input: (args) =>
    validateFlags(
      flagsInput,
      { serviceSlug: args.required('service'), agencySlug: args.string('agency'), file: args.string('file') },
      args,
    ),
  async run({ ctx }, input) {
    const actor = { kind: 'cli' } as const;
    const { tenantId } = await locateService({ ctx, input, actor, action: 'subscribers.export' });
    const { csv, rows } = await exportSubscribers({ ctx, tenantId, input, actor });
    if (input.file === undefined) return { json: { rows, csv }, text: csv.trimEnd() };
    await writeFile(input.file, csv, 'utf8');
    return { json: { rows, file: input.file }, text: `${rows} subscribers written to ${input.file}.` };
  },
});
