import { describe, expect, it } from 'vitest';
import { matchMo } from '../keywords/match.ts';
import { classifyReply } from './classify.ts';

describe('classifyReply', () => {
  it.each([
    ['SI', 'confirm', null, 'es'],
    ['sí', 'confirm', null, 'es'],
    ['Yes please', 'confirm', 'please', 'en'],
    ['confirmo.', 'confirm', null, 'es'],
    ["D'acord, gràcies", 'confirm', 'gràcies', 'ca'],
    ['vale', 'confirm', null, 'es'],
    ['ok', 'confirm', null, null],
    ['No', 'decline', null, null],
    ['NO puedo ir el martes', 'decline', 'puedo ir el martes', null],
    ['Cancelar', 'cancel', null, 'es'],
    ['cancel·lar la cita', 'cancel', 'la cita', 'ca'],
    ['ANUL·LAR', 'cancel', null, 'ca'],
    ['anular', 'cancel', null, 'es'],
    ['Justifico: estaba enfermo, con fiebre', 'justify', 'estaba enfermo, con fiebre', 'es'],
    ['justificar visita al metge', 'justify', 'visita al metge', 'es'],
    ['JUSTIFY doctor appointment', 'justify', 'doctor appointment', 'en'],
  ] as const)('%s -> %s', (text, intent, argument, language) => {
    expect(classifyReply(text)).toEqual({ intent, argument, language });
  });

  it('anything else is text, kept whole', () => {
    expect(classifyReply('  Llegaré 10 minutos tarde ')).toEqual({
      intent: 'text',
      argument: 'Llegaré 10 minutos tarde',
      language: null,
    });
    expect(classifyReply('SIN problema').intent).toBe('text');
    expect(classifyReply('nota').intent).toBe('text');
  });

  it('the Catalan cancel·lar is not the STOP word CANCEL, which stays a STOP', () => {
    expect(matchMo('cancel·lar', []).kind).toBe('unknown');
    expect(matchMo('CANCEL.LAR la cita', []).kind).toBe('unknown');
    expect(matchMo('cancel', []).kind).toBe('stop');
    expect(matchMo('Cancel my appointment', []).kind).toBe('stop');
  });
});
