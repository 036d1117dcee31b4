import { readFile } from 'node:fs/promises';
import { AppError } from '@pregon/domain';
import { importSubscribers, importSubscribersInput, locateService } from '@pregon/services';
import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flagsInput = z.object({
  serviceSlug: importSubscribersInput.shape.serviceSlug,
  agencySlug: z.string().min(1).optional(),
  file: z.string().min(1),
  dryRun: z.boolean(),
  defaultCountry: importSubscribersInput.shape.defaultCountry,
});

/** How many row errors the message lists before it only counts the rest. */
const SHOWN_ERRORS = 20;

export const subscribersImport = defineCommand({
  words: ['subscribers', 'import'],
  summary: 'Import a CSV of subscribers into a service (all rows or none)',
  details:
    'Header row: phone (required), language (es|ca|en), any other column is an attribute. Comma or semicolon, UTF-8 with or without BOM. Any invalid row fails the whole import; phones in the opt-out ledger are skipped.',
  flags: [
    {
      name: 'service',
      type: 'string',
      value: 'slug',
      field: 'serviceSlug',
      required: true,
      description: 'service',
    },
    { name: 'file', type: 'string', value: 'path', required: true, description: 'the CSV file' },
    { name: 'agency', type: 'string', value: 'slug', field: 'agencySlug', description: 'when slugs collide' },
    { name: 'dry-run', type: 'boolean', description: 'validate only: report, write nothing' },
    {
      name: 'default-country',
      type: 'string',
      value: 'ES',
      description: 'read numbers without + or 00 as national numbers of this country',
    },
  ],
  examples: [
    'pnpm pregon subscribers import --service alertas --file vecinos.csv --dry-run',
    'pnpm pregon subscribers import --service alertas --file vecinos.csv --default-country ES --json',
  ],
  input: (args) =>
    validateFlags(
      flagsInput,
      {
        serviceSlug: args.required('service'),
        agencySlug: args.string('agency'),
        file: args.required('file'),
        dryRun: args.boolean('dry-run'),
        defaultCountry: args.string('default-country'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const csv = await readFile(input.file, 'utf8').catch((cause: unknown) => {
      throw new AppError('BAD_REQUEST', `Cannot read ${input.file}`, { cause });
    });
    const actor = { kind: 'cli' } as const;
    const { tenantId } = await locateService({ ctx, input, actor, action: 'subscribers.import' });
    const report = await importSubscribers({
      ctx,
      tenantId,
      input: {
        serviceSlug: input.serviceSlug,
        csv,
        mode: input.dryRun ? 'validate' : 'import',
        ...(input.defaultCountry === undefined ? {} : { defaultCountry: input.defaultCountry }),
      },
      actor,
    });
    if (report.errors.length > 0) {
      const lines = report.errors
        .slice(0, SHOWN_ERRORS)
        .map((e) => `  row ${e.row}, ${e.field}: ${e.reason}`);
      const more = report.errors.length - SHOWN_ERRORS;
      throw new AppError(
        'BAD_REQUEST',
        [
          `${report.errors.length} errors in ${input.file}; nothing imported:`,
          ...lines,
          ...(more > 0 ? [`  and ${more} more`] : []),
        ].join('\n'),
      );
    }
    const skipped = report.skipped.map((s) => `  row ${s.row}, ${s.phone}: skipped (opted out)`);
    const head = input.dryRun
      ? `${report.valid} of ${report.rows} rows valid; nothing written (--dry-run).`
      : `${report.imported} subscribers imported into ${input.serviceSlug}.`;
    return { json: { import: report }, text: [head, ...skipped].join('\n') };
  },
});
