import { createBroadcast, locateService } from '@pregon/services';
import { defineCommand, type ParsedArgs } from '../command.ts';
import { withJobQueue } from '../job-queue.ts';
import { usageError } from '../usage-error.ts';

/** `--where district=11,12` (repeatable) -> { district: ['11', '12'] }; one value stays a string. */
function where(args: ParsedArgs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const raw of args.strings('where')) {
    const eq = raw.indexOf('=');
    const values = raw
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (eq < 1 || values.length === 0)
      throw usageError(`--where: "${raw}" must be attribute=V1[,V2...]`, args.command);
    out[raw.slice(0, eq).trim()] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

function target(args: ParsedArgs) {
  const list = args.string('list');
  const filter = where(args);
  const language = args.string('language');
  if (list !== undefined) {
    if (Object.keys(filter).length > 0 || language !== undefined)
      throw usageError('--list cannot be combined with --where or --language', args.command);
    return { kind: 'saved_list' as const, listId: list };
  }
  if (Object.keys(filter).length === 0 && language === undefined) return { kind: 'service' as const };
  return { kind: 'query' as const, where: language === undefined ? filter : { ...filter, language } };
}

export const broadcastSend = defineCommand({
  words: ['broadcast', 'send'],
  summary: "Send a broadcast to a service's subscribers (all, a query, or a saved list)",
  details:
    'Texts per language with {{attribute}} placeholders; a subscriber whose language has no text gets the first given. The dispatcher of `pnpm start` fans it out; follow it with `broadcast status`.',
  flags: [
    { name: 'service', type: 'string', value: 'slug', required: true, description: 'service' },
    { name: 'agency', type: 'string', value: 'slug', description: 'when slugs collide' },
    { name: 'name', type: 'string', value: 'name', required: true, description: 'what the broadcast is' },
    { name: 'text', type: 'string', value: 'text', description: 'the Spanish text (same as --text-es)' },
    { name: 'text-es', type: 'string', value: 'text', description: 'Spanish text' },
    { name: 'text-ca', type: 'string', value: 'text', description: 'Catalan/Valencian text' },
    { name: 'text-en', type: 'string', value: 'text', description: 'English text' },
    {
      name: 'where',
      type: 'string',
      value: 'attribute=V1,V2',
      repeatable: true,
      description: 'only subscribers with these attribute values',
    },
    { name: 'language', type: 'string', value: 'es|ca|en', description: 'only subscribers of this language' },
    { name: 'list', type: 'string', value: 'id', description: 'a saved list' },
    {
      name: 'lane',
      type: 'string',
      value: 'emergency|transactional|bulk',
      description: 'priority lane',
      default: 'bulk',
    },
    { name: 'send-at', type: 'string', value: 'RFC 3339', description: 'start later' },
    {
      name: 'valid-until',
      type: 'string',
      value: 'RFC 3339',
      description: 'messages not submitted by then expire',
    },
    {
      name: 'supersedes',
      type: 'string',
      value: 'id',
      description: 'an earlier broadcast this one replaces',
    },
  ],
  examples: [
    "pnpm pregon broadcast send --service alertas --name 'Corte de agua' --where district=12 --text 'Corte de agua mañana en el distrito {{district}}' --text-ca 'Tall d’aigua demà al districte {{district}}'",
    "pnpm pregon broadcast send --service resultados --name 'Resultados 22:00' --supersedes <id> --text 'Mesa {{mesa}}: escrutado 80%' --json",
  ],
  input: (args) => {
    const es = args.string('text') ?? args.string('text-es');
    const ca = args.string('text-ca');
    const en = args.string('text-en');
    if (es === undefined && ca === undefined && en === undefined)
      throw usageError('give the text: --text (Spanish), --text-ca or --text-en', args.command);
    const optional = (flag: string, key: string) => {
      const v = args.string(flag);
      return v === undefined ? {} : { [key]: v };
    };
    return {
      agencySlug: args.string('agency'),
      broadcast: {
        service: args.required('service'),
        name: args.required('name'),
        target: target(args),
        templates: {
          ...(es === undefined ? {} : { es }),
          ...(ca === undefined ? {} : { ca }),
          ...(en === undefined ? {} : { en }),
        },
        ...optional('lane', 'lane'),
        ...optional('send-at', 'sendAt'),
        ...optional('valid-until', 'validUntil'),
        ...optional('supersedes', 'supersedes'),
      },
    };
  },
  async run(session, input) {
    const actor = { kind: 'cli' } as const;
    const { tenantId } = await locateService({
      ctx: session.ctx,
      input: { serviceSlug: input.broadcast.service, agencySlug: input.agencySlug },
      actor,
      action: 'broadcast.send',
    });
    const result = await withJobQueue(session, (ctx) =>
      // The service verb validates lane, dates and texts and names the field at fault.
      createBroadcast({
        ctx,
        input: input.broadcast as Parameters<typeof createBroadcast>[0]['input'],
        principal: { tenantId, actor },
      }),
    );
    return {
      json: { broadcast: result.body },
      text: `Broadcast ${result.body.id} ${result.body.status}. Follow it: pnpm pregon broadcast status ${result.body.id}`,
    };
  },
});
