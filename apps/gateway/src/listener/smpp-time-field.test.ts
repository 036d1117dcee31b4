import { describe, expect, it } from 'vitest';
import { parseSmppTime } from './smpp-time-field.ts';

const now = new Date('2026-03-01T10:00:00Z');

describe('parseSmppTime (SMPP 3.4 §7.1)', () => {
  it('reads empty as no time', () => {
    expect(parseSmppTime('', now)).toEqual({ ok: true, date: null });
  });
  it('reads absolute times with their quarter-hour offset', () => {
    expect(parseSmppTime('260301120000004+', now)).toEqual({
      ok: true,
      date: new Date('2026-03-01T11:00:00Z'),
    });
    expect(parseSmppTime('260301120000000-', now)).toEqual({
      ok: true,
      date: new Date('2026-03-01T12:00:00Z'),
    });
  });
  it('reads relative times from now', () => {
    expect(parseSmppTime('000001020304000R', now)).toEqual({
      ok: true,
      date: new Date('2026-03-02T12:03:04Z'),
    });
  });
  it('refuses anything else', () => {
    expect(parseSmppTime('tomorrow', now).ok).toBe(false);
    expect(parseSmppTime('261301120000000+', now).ok).toBe(false);
  });
});
