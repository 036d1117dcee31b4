import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderTemplate, templateFor } from './template.ts';

describe('broadcast templates', () => {
  it('fills placeholders, spaces inside the braces allowed', () => {
    expect(renderTemplate('Mesa {{ mesa }}: {{pct}}% escrutado', { mesa: '12', pct: '80' })).toEqual({
      ok: true,
      body: 'Mesa 12: 80% escrutado',
    });
    expect(placeholdersOf('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });

  it('names every missing or empty attribute instead of leaving a gap', () => {
    expect(renderTemplate('{{a}} {{b}} {{c}}', { a: 'x', b: '' })).toEqual({
      ok: false,
      reason: 'missing_placeholder',
      detail: { missing: ['b', 'c'] },
    });
  });

  it('refuses a body past 4,000 characters once rendered', () => {
    expect(renderTemplate('{{x}}', { x: 'a'.repeat(4_001) })).toMatchObject({
      ok: false,
      reason: 'body_too_long',
    });
  });

  it("uses the recipient's language, else the default one", () => {
    const t = { es: 'Hola', ca: 'Bon dia' };
    expect(templateFor(t, 'ca', 'es')).toBe('Bon dia');
    expect(templateFor(t, 'en', 'es')).toBe('Hola');
    expect(templateFor(t, null, 'ca')).toBe('Bon dia');
  });
});
