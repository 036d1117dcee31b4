/** Language of a keyword, a reply or a subscriber. */
export type Language = 'es' | 'ca' | 'en';
export const LANGUAGES: readonly Language[] = ['es', 'ca', 'en'];

/**
 * How phones type: case, accents and punctuation do not matter. `¡Alertas, centro!` -> `ALERTAS CENTRO`.
 * Letters keep their base form (ç -> C, ñ -> N, l·l -> LL), anything else not a letter or digit separates words.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toUpperCase()
      // Catalan ela geminada: CANCEL·LAR (or CANCEL.LAR, CANCEĿLAR) is one word, never STOP's CANCEL.
      .replace(/\u013F/g, 'L')
      .replace(/L[\u00B7\u2027\u2219\u22C5.]L/g, 'LL')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** The words of a text, normalised. */
export function wordsOf(text: string): string[] {
  const n = normaliseText(text);
  return n === '' ? [] : n.split(' ');
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped at max + 1. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  const row0 = rows[0] ?? [];
  for (let j = 1; j <= b.length; j++) row0[j] = j;
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1);
      row[j] = d;
    }
  }
  return at(a.length, b.length);
}
