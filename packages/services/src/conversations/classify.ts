import { CONVERSATION_INTENTS, type ConversationIntent } from '@pregon/db';
import { type Language, wordsOf } from '../keywords/normalise.ts';

export { CONVERSATION_INTENTS };

/** What a citizen's reply to a service's message says. */
export interface ClassifiedReply {
  intent: ConversationIntent;
  /** The citizen's own text after the intent word (a justification), or all of it for 'text'. */
  argument: string | null;
  /** The language the intent word belongs to, when only one. */
  language: Language | null;
}

/**
 * The words of each intent, normalised (see normaliseText). Bare CANCEL is not here: it is a STOP
 * word and the engine honours it before any conversation (docs/keywords.md).
 */
const PHRASES: ReadonlyArray<{ words: string; intent: ConversationIntent; language: Language | null }> = [
  { words: 'SI', intent: 'confirm', language: 'es' },
  { words: 'YES', intent: 'confirm', language: 'en' },
  { words: 'CONFIRMAR', intent: 'confirm', language: 'es' },
  { words: 'CONFIRMO', intent: 'confirm', language: 'es' },
  { words: 'CONFIRME', intent: 'confirm', language: 'ca' },
  { words: 'CONFIRM', intent: 'confirm', language: 'en' },
  { words: 'D ACORD', intent: 'confirm', language: 'ca' },
  { words: 'DACORD', intent: 'confirm', language: 'ca' },
  { words: 'VALE', intent: 'confirm', language: 'es' },
  { words: 'OK', intent: 'confirm', language: null },
  { words: 'OKAY', intent: 'confirm', language: 'en' },
  { words: 'NO', intent: 'decline', language: null },
  { words: 'CANCELAR', intent: 'cancel', language: 'es' },
  { words: 'CANCELO', intent: 'cancel', language: 'es' },
  { words: 'ANULAR', intent: 'cancel', language: 'es' },
  { words: 'CANCELLAR', intent: 'cancel', language: 'ca' },
  { words: 'ANULLAR', intent: 'cancel', language: 'ca' },
  { words: 'JUSTIFICAR', intent: 'justify', language: 'es' },
  { words: 'JUSTIFICO', intent: 'justify', language: 'es' },
  { words: 'JUSTIFIQUE', intent: 'justify', language: 'ca' },
  { words: 'JUSTIFICA', intent: 'justify', language: 'ca' },
  { words: 'JUSTIFY', intent: 'justify', language: 'en' },
];

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * Reads a reply the way the keyword engine reads words (case, accents, punctuation ignored): the
 * first word(s) name the intent, the rest is kept as the citizen typed it.
 * @example classifyReply('Justifico: estaba enfermo') -> { intent: 'justify', argument: 'estaba enfermo', language: 'es' }
 */
export function classifyReply(text: string): ClassifiedReply {
  const words = wordsOf(text);
  for (const p of PHRASES) {
    const phrase = p.words.split(' ');
    if (phrase.every((w, i) => words[i] === w))
      return { intent: p.intent, argument: textAfter(text, phrase), language: p.language };
  }
  const whole = text.trim();
  return { intent: 'text', argument: whole === '' ? null : whole, language: null };
}

/** The original text after the words of `phrase` (at the first word boundary where they end). */
function textAfter(text: string, phrase: readonly string[]): string | null {
  for (let i = 1; i <= text.length; i++) {
    const ends = WORD_CHAR.test(text[i - 1] ?? '') && !WORD_CHAR.test(text[i] ?? '');
    if (!ends) continue;
    const seen = wordsOf(text.slice(0, i));
    if (seen.length === phrase.length && seen.every((w, k) => w === phrase[k])) {
      const rest = text
        .slice(i)
        .replace(/^[\s\p{P}\p{S}]+/u, '')
        .trim();
      return rest === '' ? null : rest;
    }
  }
  return null;
}
