import { describe, expect, it } from 'vitest';
import { durationMs, parseDuration, subtractDuration } from './reminder.ts';

const before = (at: string, d: string, tz = 'Europe/Madrid') =>
  subtractDuration(new Date(at), parseDuration(d, 'remind.before'), tz).toISOString();

describe('parseDuration', () => {
  it('reads weeks, days and exact time', () => {
    expect(parseDuration('PT48H', 'f')).toEqual({ days: 0, ms: 48 * 3_600_000 });
    expect(parseDuration('P1D', 'f')).toEqual({ days: 1, ms: 0 });
    expect(parseDuration('P1W2DT1H30M15S', 'f')).toEqual({ days: 9, ms: 5_415_000 });
    expect(durationMs(parseDuration('P1DT1H', 'f'))).toBe(25 * 3_600_000);
  });

  it('refuses months, years, empty, zero and garbage, naming the field', () => {
    for (const bad of ['P1M', 'P1Y', 'P', 'PT', 'PT0S', '48h', 'PT-1H', 'P1.5D', '']) {
      expect(() => parseDuration(bad, 'remind.before')).toThrow(
        expect.objectContaining({ code: 'BAD_REQUEST', details: { field: 'remind.before' } }),
      );
    }
  });
});

describe('subtractDuration', () => {
  it('takes exact hours off', () => {
    expect(before('2026-06-12T08:00:00Z', 'PT48H')).toBe('2026-06-10T08:00:00.000Z');
  });

  it('keeps the wall-clock time for days across the spring change (10:00 -> 10:00 the day before)', () => {
    // Monday 30 March 10:00 CEST -> Sunday 29 March 10:00 CEST; also P2D -> Saturday 10:00 CET.
    expect(before('2026-03-30T08:00:00Z', 'P1D')).toBe('2026-03-29T08:00:00.000Z');
    expect(before('2026-03-30T08:00:00Z', 'P2D')).toBe('2026-03-28T09:00:00.000Z');
    // 48 exact hours instead lands at 09:00 CET on the Saturday.
    expect(before('2026-03-30T08:00:00Z', 'PT48H')).toBe('2026-03-28T08:00:00.000Z');
  });

  it('keeps the wall-clock time across the autumn change, and in New York', () => {
    expect(before('2026-10-26T09:00:00Z', 'P1D')).toBe('2026-10-25T09:00:00.000Z'); // 10:00 CET
    expect(before('2026-10-26T09:00:00Z', 'P2D')).toBe('2026-10-24T08:00:00.000Z'); // 10:00 CEST
    expect(before('2026-03-09T13:00:00Z', 'P2D', 'America/New_York')).toBe('2026-03-07T14:00:00.000Z');
  });

  it('moves a wall time the spring change skips forward by the gap, and picks the first of a repeated one', () => {
    // 02:30 on 30 March minus a day: 02:30 on the 29th does not exist -> 03:30 CEST.
    expect(before('2026-03-30T00:30:00Z', 'P1D')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 CET on 26 October minus a day: 02:30 happens twice on the 25th -> the CEST one.
    expect(before('2026-10-26T01:30:00Z', 'P1D')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('applies days then exact time', () => {
    expect(before('2026-03-30T08:00:00Z', 'P1DT2H')).toBe('2026-03-29T06:00:00.000Z');
  });
});
