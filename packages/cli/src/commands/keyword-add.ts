import { addKeyword, addKeywordInput } from '@pregon/services';
import { defineCommand, type ParsedArgs } from '../command.ts';
import { flagsError } from '../flag-validation.ts';
import { usageError } from '../usage-error.ts';

function aliases(args: ParsedArgs): Array<{ word: string; language: string }> {
  return args
    .strings('alias')
    .flatMap((v) => v.split(','))
    .map((v) => {
      const [word, language, extra] = v.split(':');
      if (!word || !language || extra !== undefined)
        throw usageError(`--alias: "${v}" must be WORD:lang (lang es, ca or en)`, args.command);
      return { word, language };
    });
}

function argument(args: ParsedArgs): { attribute: string; values: string[] } | undefined {
  const raw = args.string('arg');
  if (raw === undefined) return undefined;
  const eq = raw.indexOf('=');
  if (eq < 1) throw usageError(`--arg: "${raw}" must be attribute=V1,V2,...`, args.command);
  return {
    attribute: raw.slice(0, eq),
    values: raw
      .slice(eq + 1)
      .split(',')
      .filter((v) => v.trim() !== ''),
  };
}

export const keywordAdd = defineCommand({
  words: ['keyword', 'add'],
  summary: 'Add a keyword citizens text to a number to join a service',
  details:
    'Matching ignores case, accents and punctuation and forgives one typo on words of 5+ letters. A word (keyword or alias) belongs to one keyword per number across all agencies.',
  flags: [
    {
      name: 'number',
      type: 'string',
      value: 'n',
      required: true,
      description: 'the number (see number add)',
    },
    {
      name: 'service',
      type: 'string',
      value: 'slug',
      field: 'serviceSlug',
      required: true,
      description: 'service',
    },
    { name: 'agency', type: 'string', value: 'slug', field: 'agencySlug', description: 'when slugs collide' },
    { name: 'keyword', type: 'string', value: 'WORD', required: true, description: 'one word' },
    {
      name: 'lang',
      type: 'string',
      value: 'es|ca|en',
      field: 'language',
      default: 'es',
      description: 'its language',
    },
    {
      name: 'alias',
      type: 'string',
      value: 'WORD:lang',
      repeatable: true,
      field: 'aliases',
      description: 'another word for it (repeat, or comma-separate)',
    },
    { name: 'arg', type: 'string', value: 'attribute=V1,V2', description: 'argument stored as an attribute' },
    {
      name: 'double-opt-in',
      type: 'boolean',
      field: 'doubleOptIn',
      description: 'ask for SI/SÍ/YES within 24 h',
    },
  ],
  examples: [
    'pnpm pregon keyword add --number 21700 --service alertas --keyword ALERTAS --alias ALERTES:ca --alias ALERTS:en --arg district=CENTRO,NORTE',
  ],
  input: (args) => {
    const raw = {
      number: args.required('number'),
      serviceSlug: args.required('service'),
      agencySlug: args.string('agency'),
      keyword: args.required('keyword'),
      language: args.string('lang'),
      aliases: aliases(args),
      arg: argument(args),
      doubleOptIn: args.boolean('double-opt-in'),
    };
    const parsed = addKeywordInput.safeParse(raw);
    if (!parsed.success) throw flagsError(parsed.error, args.flags, args.command);
    return parsed.data;
  },
  async run({ ctx }, input) {
    const k = await addKeyword({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { keyword: k },
      text: `${k.keyword} on ${k.number} joins ${k.agency}/${k.service} (${k.words.join(', ')})${k.doubleOptIn ? ', with double opt-in' : ''}.`,
    };
  },
});
