import { describe, expect, it } from 'vitest';
import { fieldOfServerError, type KeywordFields, keywordInput } from './keyword-form.ts';

const form: KeywordFields = {
  number: '21700',
  serviceSlug: 'alertas',
  keyword: ' Alertas ',
  language: 'es',
  aliases: '',
  argAttribute: '',
  argValues: '',
  doubleOptIn: false,
};

describe('keywordInput', () => {
  it('reads aliases with or without a language, and argument values without repeats', () => {
    expect(
      keywordInput({
        ...form,
        aliases: 'ALERTES:ca,\n alerts : en , AVISOS',
        argAttribute: 'district',
        argValues: 'Centro, Norte\nCentro,, ',
        doubleOptIn: true,
      }),
    ).toEqual({
      ok: true,
      input: {
        number: '21700',
        serviceSlug: 'alertas',
        keyword: 'Alertas',
        language: 'es',
        aliases: [
          { word: 'ALERTES', language: 'ca' },
          { word: 'alerts', language: 'en' },
          { word: 'AVISOS', language: 'es' },
        ],
        arg: { attribute: 'district', values: ['Centro', 'Norte'] },
        doubleOptIn: true,
      },
    });
  });

  it('leaves the argument out when none is given', () => {
    const result = keywordInput(form);
    expect(result.ok && 'arg' in result.input).toBe(false);
  });

  it('names the field that cannot be read', () => {
    expect(keywordInput({ ...form, number: '' })).toMatchObject({ ok: false, field: 'number' });
    expect(keywordInput({ ...form, keyword: '  ' })).toMatchObject({ ok: false, field: 'keyword' });
    expect(keywordInput({ ...form, aliases: 'ALERTES:fr' })).toEqual({
      ok: false,
      field: 'aliases',
      message: '"ALERTES:fr": the language must be es, ca or en.',
    });
    expect(keywordInput({ ...form, aliases: 'A:b:c' })).toMatchObject({ ok: false, field: 'aliases' });
    expect(keywordInput({ ...form, argValues: 'Centro' })).toMatchObject({
      ok: false,
      field: 'argAttribute',
    });
    expect(keywordInput({ ...form, argAttribute: 'District' })).toMatchObject({
      ok: false,
      field: 'argAttribute',
    });
    expect(keywordInput({ ...form, argAttribute: 'district' })).toMatchObject({
      ok: false,
      field: 'argValues',
    });
  });
});

describe('fieldOfServerError', () => {
  const f = { ...form, keyword: 'Alertas', aliases: 'Alèrtes:ca, BAJA' };
  it('puts a word refusal beside the field holding that word', () => {
    expect(fieldOfServerError('ALERTAS is already a keyword on 21700 (another agency)', f)).toBe('keyword');
    expect(fieldOfServerError('ALERTES is given twice', f)).toBe('aliases');
    expect(fieldOfServerError('BAJA is reserved (STOP, HELP, START and their translations)', f)).toBe(
      'aliases',
    );
    expect(fieldOfServerError('"two words" must be one word of at least two letters or digits', f)).toBe(
      'keyword',
    );
  });
  it('puts number and service refusals beside those, and the rest on the form', () => {
    expect(fieldOfServerError('21700 is dedicated to another service', f)).toBe('number');
    expect(fieldOfServerError('No service "x" of an agency with number 21700', f)).toBe('serviceSlug');
    expect(fieldOfServerError('One of A, B is already a keyword on 21700', f)).toBeNull();
  });
});
