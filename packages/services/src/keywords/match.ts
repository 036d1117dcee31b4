import { editDistance, type Language, wordsOf } from './normalise.ts';

/** A word answering on a number: a keyword or one of its aliases. */
export interface NumberWord {
  word: string;
  language: Language;
  keywordId: string;
}

/** An agency's own STOP word, answered like STOP on the numbers where the agency has a service. */
export interface ExtraStopWord {
  word: string;
  language: Language;
  tenantId: string;
}

/** What an MO asks for. */
export type MoIntent =
  | { kind: 'stop'; all: boolean; language: Language }
  | { kind: 'start'; language: Language }
  | { kind: 'help'; language: Language }
  | { kind: 'language'; language: Language; to: Language | null }
  | { kind: 'confirm'; language: Language }
  | { kind: 'keyword'; keywordId: string; language: Language; args: string[]; typo: boolean }
  | { kind: 'unknown'; language: Language | null; ambiguous: string[] };

/** Words the platform answers on every number, before any keyword; never usable as keywords. */
export const RESERVED_WORDS: ReadonlyMap<
  string,
  { kind: 'stop' | 'start' | 'help' | 'language' | 'confirm'; language: Language }
> = new Map([
  ['STOP', { kind: 'stop', language: 'en' }],
  ['CANCEL', { kind: 'stop', language: 'en' }],
  ['UNSUBSCRIBE', { kind: 'stop', language: 'en' }],
  ['BAJA', { kind: 'stop', language: 'es' }],
  ['PARAR', { kind: 'stop', language: 'es' }],
  ['PROU', { kind: 'stop', language: 'ca' }],
  ['START', { kind: 'start', language: 'en' }],
  ['ALTA', { kind: 'start', language: 'es' }],
  ['HELP', { kind: 'help', language: 'en' }],
  ['AYUDA', { kind: 'help', language: 'es' }],
  ['AJUDA', { kind: 'help', language: 'ca' }],
  ['INFO', { kind: 'help', language: 'es' }],
  ['IDIOMA', { kind: 'language', language: 'es' }],
  ['LANGUAGE', { kind: 'language', language: 'en' }],
  ['SI', { kind: 'confirm', language: 'es' }],
  ['YES', { kind: 'confirm', language: 'en' }],
]);

/** `STOP ALL`, `BAJA TODO`, `PROU TOT`: the second word that widens a STOP to the whole number. */
const ALL_WORDS: ReadonlyMap<string, Language> = new Map([
  ['ALL', 'en'],
  ['TODO', 'es'],
  ['TODOS', 'es'],
  ['TOT', 'ca'],
  ['TOTS', 'ca'],
]);

const LANGUAGE_NAMES: ReadonlyMap<string, Language> = new Map([
  ['ES', 'es'],
  ['CA', 'ca'],
  ['EN', 'en'],
  ['CASTELLANO', 'es'],
  ['ESPANOL', 'es'],
  ['CATALA', 'ca'],
  ['VALENCIA', 'ca'],
  ['ENGLISH', 'en'],
]);

/** Keywords of this many letters or more forgive one typo (when only one keyword is that close). */
export const TYPO_MIN_LENGTH = 5;

/**
 * Reads an MO the way the engine acts on it: the first word is a reserved word or a keyword of the
 * number (exact, else one typo away when unambiguous), the rest are its arguments.
 * @example matchMo('alertas  Centro!', words) -> { kind: 'keyword', args: ['CENTRO'], ... }
 */
export function matchMo(
  text: string,
  numberWords: readonly NumberWord[],
  stopWords: readonly Pick<ExtraStopWord, 'word' | 'language'>[] = [],
): MoIntent {
  const [first, ...rest] = wordsOf(text);
  if (first === undefined) return { kind: 'unknown', language: null, ambiguous: [] };
  // An agency's own STOP word acts as STOP does (exactly typed: a typo of it is no opt-out).
  const extra = stopWords.find((w) => w.word === first);
  if (extra) return stopIntent(rest, extra.language);
  const exact = exactMatch(first, rest, numberWords);
  if (exact) return exact;
  if (first.length < TYPO_MIN_LENGTH) return { kind: 'unknown', language: null, ambiguous: [] };
  // One typo: every reserved word and keyword within distance 1; acting needs exactly one target.
  const near = new Map<string, () => MoIntent>();
  for (const [word] of RESERVED_WORDS)
    if (word.length >= TYPO_MIN_LENGTH && editDistance(first, word) === 1)
      near.set(`reserved:${word}`, () => exactMatch(word, rest, numberWords) ?? unknown());
  for (const w of numberWords)
    if (w.word.length >= TYPO_MIN_LENGTH && editDistance(first, w.word) === 1)
      near.set(`keyword:${w.keywordId}`, () => ({
        kind: 'keyword',
        keywordId: w.keywordId,
        language: w.language,
        args: rest,
        typo: true,
      }));
  const targets = [...near.values()];
  const only = targets[0];
  if (targets.length === 1 && only) return only();
  const ambiguous = numberWords
    .filter((w) => w.word.length >= TYPO_MIN_LENGTH && editDistance(first, w.word) === 1)
    .map((w) => w.word);
  return { kind: 'unknown', language: null, ambiguous };
}

/** STOP, or with TODO/ALL/TOT after it, STOP ALL. */
function stopIntent(rest: readonly string[], language: Language): MoIntent {
  const all = rest[0] === undefined ? undefined : ALL_WORDS.get(rest[0]);
  return { kind: 'stop', all: all !== undefined, language };
}

function unknown(): MoIntent {
  return { kind: 'unknown', language: null, ambiguous: [] };
}

function exactMatch(first: string, rest: string[], numberWords: readonly NumberWord[]): MoIntent | null {
  const reserved = RESERVED_WORDS.get(first);
  if (reserved) {
    switch (reserved.kind) {
      case 'stop':
        return stopIntent(rest, reserved.language);
      case 'language': {
        const to = rest[0] === undefined ? undefined : LANGUAGE_NAMES.get(rest[0]);
        return { kind: 'language', language: to ?? reserved.language, to: to ?? null };
      }
      default:
        return { kind: reserved.kind, language: reserved.language };
    }
  }
  const keyword = numberWords.find((w) => w.word === first);
  if (keyword)
    return {
      kind: 'keyword',
      keywordId: keyword.keywordId,
      language: keyword.language,
      args: rest,
      typo: false,
    };
  return null;
}

/**
 * The argument a keyword sets, matched against its allowed values the way keywords are (case,
 * accents, spacing): `FALTAS 4 b` -> '4B' when '4B' is allowed. Null when none matches.
 */
export function matchArgument(args: readonly string[], allowed: readonly string[]): string | null {
  const typed = args.join('');
  if (typed === '') return null;
  return allowed.find((v) => wordsOf(v).join('') === typed) ?? null;
}
