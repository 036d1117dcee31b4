import { gsm7SeptetsOf } from './gsm7-codec.ts';

/** One replacement made to fit GSM 7-bit: `index` is the UTF-16 offset of `from` in the original text. */
export interface Transliteration {
  index: number;
  from: string;
  to: string;
}

// Typography that word processors and phones insert; the rest goes through Unicode decomposition.
const EXPLICIT: Readonly<Record<string, string>> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '`': "'",
  '´': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '‹': '<',
  '›': '>',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '•': '-',
  '·': '.',
  '…': '...',
  '\t': ' ',
  '\u2028': '\n',
  '\u2029': '\n',
  º: 'o',
  ª: 'a',
  Œ: 'OE',
  œ: 'oe',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  '¢': 'c',
  '©': '(c)',
  '®': '(R)',
  '×': 'x',
  '÷': '/',
  // Invisible characters that pasted text carries: drop them rather than show '?'.
  '\u00ad': '',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufe0f': '',
  '\ufeff': '',
};

const COMBINING_MARK = /\p{Mn}/gu;

/** What replaces a character GSM 7-bit lacks, or null when only '?' will do. */
function replacementFor(char: string): string | null {
  const explicit = EXPLICIT[char];
  if (explicit !== undefined) return explicit;
  if (/^\p{Mn}$/u.test(char)) return '';
  // NFKD then drop marks: á -> a, Ê -> E, ﬁ -> fi, non-breaking space -> space.
  const stripped = char.normalize('NFKD').replace(COMBINING_MARK, '');
  if (stripped === '' || stripped === char) return null;
  for (const part of stripped) if (gsm7SeptetsOf(part) === null) return null;
  return stripped;
}

/**
 * Rewrites text into the GSM 7-bit default alphabet and reports every change; characters with no
 * sensible equivalent become '?'. `transliterate('Canción “hoy”').text // 'Cancion "hoy"'`
 */
export function transliterate(text: string): { text: string; changes: Transliteration[] } {
  let out = '';
  const changes: Transliteration[] = [];
  let index = 0;
  for (const char of text) {
    if (gsm7SeptetsOf(char) !== null) {
      out += char;
    } else {
      const to = replacementFor(char) ?? '?';
      out += to;
      changes.push({ index, from: char, to });
    }
    index += char.length;
  }
  return { text: out, changes };
}
