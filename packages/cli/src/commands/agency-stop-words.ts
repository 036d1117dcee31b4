import { setStopWords, setStopWordsInput } from '@pregon/services';
import { defineCommand } from '../command.ts';
import { flagsError } from '../flag-validation.ts';
import { usageError } from '../usage-error.ts';

export const agencyStopWords = defineCommand({
  words: ['agency', 'stop-words'],
  summary: "Set an agency's own STOP words, answered like STOP on every number it is on",
  details:
    'Besides STOP, BAJA, PARAR, PROU, CANCEL and UNSUBSCRIBE, which every number understands. The list replaces the previous one; a word must be one word, not a reserved one, and not a keyword on any of the agency’s numbers. Followed by TODO/TOT/ALL it leaves everything on the number, like STOP ALL.',
  flags: [
    {
      name: 'agency',
      type: 'string',
      value: 'slug',
      required: true,
      field: 'agencySlug',
      description: 'the agency',
    },
    {
      name: 'word',
      type: 'string',
      value: 'lang:WORD',
      repeatable: true,
      description: 'a STOP word and its language (es, ca, en); repeat for several',
    },
    { name: 'clear', type: 'boolean', description: 'remove them all' },
  ],
  examples: [
    'pnpm pregon agency stop-words --agency ajuntament-alzira --word es:DESAPUNTAR --word ca:DESAPUNTA',
    'pnpm pregon agency stop-words --agency ajuntament-alzira --clear',
  ],
  input(args) {
    const given = args.strings('word');
    const clear = args.boolean('clear');
    if (clear === given.length > 0) throw usageError('give --word (one or more) or --clear', args.command);
    const words = given.map((raw) => {
      const m = /^([a-z]{2}):(.+)$/s.exec(raw);
      if (!m?.[1] || !m[2])
        throw usageError(`--word: "${raw}" must be lang:WORD (e.g. es:DESAPUNTAR)`, args.command);
      return { language: m[1], word: m[2] };
    });
    const parsed = setStopWordsInput.safeParse({ agencySlug: args.required('agency'), words });
    if (!parsed.success) throw flagsError(parsed.error, args.flags, args.command);
    return parsed.data;
  },
  async run({ ctx }, input) {
    const set = await setStopWords({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { stopWords: set },
      text:
        set.words.length === 0
          ? `${set.agency} has no STOP words of its own.`
          : `${set.agency} STOP words: ${set.words.map((w) => `${w.word} (${w.language})`).join(', ')}.`,
    };
  },
});
