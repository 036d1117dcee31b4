import { describe, expect, it } from 'vitest';
import { matchArgument, matchMo, type NumberWord } from './match.ts';
import { editDistance, normaliseText } from './normalise.ts';

const words: NumberWord[] = [
  { word: 'ALERTAS', language: 'es', keywordId: 'alertas' },
  { word: 'ALERTES', language: 'ca', keywordId: 'alertas' },
  { word: 'CITA', language: 'es', keywordId: 'cita' },
  { word: 'FALTAS', language: 'es', keywordId: 'faltas' },
  { word: 'FALTES', language: 'ca', keywordId: 'faltas' },
  { word: 'SALTAS', language: 'es', keywordId: 'saltas' },
];

describe('normaliseText', () => {
  it('drops case, accents and punctuation, and collapses spaces', () => {
    expect(normaliseText('  ¡Alertás,   centro!! ')).toBe('ALERTAS CENTRO');
    expect(normaliseText('Sí')).toBe('SI');
    expect(normaliseText('França Ñu')).toBe('FRANCA NU');
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent swaps as one', () => {
    expect(editDistance('ALERTAS', 'ALERTSA')).toBe(1);
    expect(editDistance('ALERTAS', 'ALERTA')).toBe(1);
    expect(editDistance('ALERTAS', 'ALERTASS')).toBe(1);
    expect(editDistance('ALERTAS', 'ALARTAS')).toBe(1);
    expect(editDistance('ALERTAS', 'ELARTAS')).toBe(2);
  });
});

describe('matchMo', () => {
  it('takes the first word as the keyword and the rest as arguments, in the keyword language', () => {
    expect(matchMo('alertas  Centro', words)).toEqual({
      kind: 'keyword',
      keywordId: 'alertas',
      language: 'es',
      args: ['CENTRO'],
      typo: false,
    });
    expect(matchMo('Alertes nord', words)).toMatchObject({ keywordId: 'alertas', language: 'ca' });
  });

  it('forgives one typo on keywords of five letters or more', () => {
    expect(matchMo('ALRETAS CENTRO', words)).toMatchObject({
      kind: 'keyword',
      keywordId: 'alertas',
      typo: true,
    });
    expect(matchMo('CIT', words)).toMatchObject({ kind: 'unknown' });
    expect(matchMo('CITAA', words)).toMatchObject({ kind: 'unknown' });
  });

  it('refuses a typo that is one letter from two keywords', () => {
    // ZALTAS is one from FALTAS and from SALTAS: ambiguous, so unknown (the help reply).
    expect(matchMo('ZALTAS', words)).toEqual({
      kind: 'unknown',
      language: null,
      ambiguous: ['FALTAS', 'SALTAS'],
    });
  });

  it('a typo near two words of the same keyword still matches it', () => {
    // ALERTIS: one from ALERTAS and from ALERTES, both the keyword 'alertas'.
    expect(matchMo('ALERTIS', words)).toMatchObject({ kind: 'keyword', keywordId: 'alertas' });
  });

  it('reads STOP words in three languages, and their ALL forms', () => {
    expect(matchMo('baja', words)).toEqual({ kind: 'stop', all: false, language: 'es' });
    expect(matchMo('Prou', words)).toEqual({ kind: 'stop', all: false, language: 'ca' });
    expect(matchMo('STOP', words)).toEqual({ kind: 'stop', all: false, language: 'en' });
    expect(matchMo('PARAR.', words)).toMatchObject({ kind: 'stop', language: 'es' });
    expect(matchMo('unsubscribe', words)).toMatchObject({ kind: 'stop', language: 'en' });
    expect(matchMo('cancel', words)).toMatchObject({ kind: 'stop', language: 'en' });
    expect(matchMo('STOP ALL', words)).toEqual({ kind: 'stop', all: true, language: 'en' });
    expect(matchMo('Baja todo', words)).toEqual({ kind: 'stop', all: true, language: 'es' });
    expect(matchMo('prou tot', words)).toEqual({ kind: 'stop', all: true, language: 'ca' });
    expect(matchMo('UNSUBSCRIBR', words)).toMatchObject({ kind: 'stop', language: 'en' });
  });

  it('reads START, HELP, IDIOMA and confirmations', () => {
    expect(matchMo('Alta', words)).toEqual({ kind: 'start', language: 'es' });
    expect(matchMo('start', words)).toEqual({ kind: 'start', language: 'en' });
    expect(matchMo('ajuda', words)).toEqual({ kind: 'help', language: 'ca' });
    expect(matchMo('AYUDA', words)).toEqual({ kind: 'help', language: 'es' });
    expect(matchMo('help', words)).toEqual({ kind: 'help', language: 'en' });
    expect(matchMo('info', words)).toMatchObject({ kind: 'help' });
    expect(matchMo('idioma ca', words)).toEqual({ kind: 'language', language: 'ca', to: 'ca' });
    expect(matchMo('IDIOMA', words)).toEqual({ kind: 'language', language: 'es', to: null });
    expect(matchMo('Sí', words)).toEqual({ kind: 'confirm', language: 'es' });
    expect(matchMo('yes!', words)).toEqual({ kind: 'confirm', language: 'en' });
  });

  it('treats empty text and unknown words as unknown', () => {
    expect(matchMo('  ?? ', words)).toEqual({ kind: 'unknown', language: null, ambiguous: [] });
    expect(matchMo('hola', words)).toMatchObject({ kind: 'unknown' });
  });
});

describe('matchArgument', () => {
  it('matches allowed values ignoring case, accents and spacing', () => {
    expect(matchArgument(['CENTRO'], ['Centro', 'Norte'])).toBe('Centro');
    expect(matchArgument(['4', 'B'], ['4A', '4B'])).toBe('4B');
    expect(matchArgument(['SUR'], ['Centro', 'Norte'])).toBeNull();
    expect(matchArgument([], ['Centro'])).toBeNull();
  });
});

describe('matchMo with an agency’s own STOP words', () => {
  const stops = [
    { word: 'DESAPUNTAR', language: 'es' as const },
    { word: 'DESAPUNTA', language: 'ca' as const },
  ];
  it('reads the word as STOP in its language, and with TODO/TOT after it as STOP ALL', () => {
    expect(matchMo('Desapúntar', [], stops)).toEqual({ kind: 'stop', all: false, language: 'es' });
    expect(matchMo('desapunta tot', [], stops)).toEqual({ kind: 'stop', all: true, language: 'ca' });
  });
  it('takes no typo of it: leaving is never guessed', () => {
    expect(matchMo('DESAPUNTER', [], stops)).toMatchObject({ kind: 'unknown' });
  });
});
