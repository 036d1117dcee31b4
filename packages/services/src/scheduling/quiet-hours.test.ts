import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inQuietHours, nextWindowOpening } from './quiet-hours.ts';

const opening = (now: string, start: string, end: string, tz = 'Europe/Madrid') =>
  nextWindowOpening(new Date(now), start, end, tz)?.toISOString() ?? null;

describe('nextWindowOpening in Europe/Madrid', () => {
  it('is null outside the window, and at the very minute it ends', () => {
    expect(opening('2026-06-10T10:00:00Z', '21:00', '08:00')).toBeNull(); // 12:00 CEST
    expect(opening('2026-06-10T06:00:00Z', '21:00', '08:00')).toBeNull(); // 08:00 CEST
    expect(opening('2026-06-10T05:59:59Z', '21:00', '08:00')).toBe('2026-06-10T06:00:00.000Z');
  });

  it('opens at the end of a window that crosses midnight, on the next local day', () => {
    expect(opening('2026-06-10T19:00:00Z', '21:00', '08:00')).toBe('2026-06-11T06:00:00.000Z');
    expect(opening('2026-01-10T23:30:00Z', '21:00', '08:00')).toBe('2026-01-11T07:00:00.000Z');
  });

  it('handles a window within one day', () => {
    expect(opening('2026-06-10T12:30:00Z', '14:00', '16:00')).toBe('2026-06-10T14:00:00.000Z');
    expect(opening('2026-06-10T11:59:00Z', '14:00', '16:00')).toBeNull();
  });

  it('treats start == end as no quiet hours', () => {
    expect(opening('2026-06-10T21:30:00Z', '22:00', '22:00')).toBeNull();
    expect(opening('2026-06-10T20:00:00Z', '22:00', '22:00')).toBeNull();
  });

  it('opens at 08:00 CEST on 29 March 2026, when clocks went 02:00 -> 03:00 overnight', () => {
    // 23:00 CET on the 28th; 08:00 the next morning is already summer time (UTC+2).
    expect(opening('2026-03-28T22:00:00Z', '21:00', '08:00')).toBe('2026-03-29T06:00:00.000Z');
  });

  it('opens at 08:00 CET on 25 October 2026, when clocks went 03:00 -> 02:00 overnight', () => {
    // 22:00 CEST on the 24th; 08:00 the next morning is winter time (UTC+1): the night is an hour longer.
    expect(opening('2026-10-24T20:00:00Z', '21:00', '08:00')).toBe('2026-10-25T07:00:00.000Z');
  });

  it('opens at the jump when the end falls in the hour skipped on 29 March', () => {
    // 02:30 never happens that night: the clock reads 03:00 at 01:00Z, past the end.
    expect(opening('2026-03-29T00:30:00Z', '01:00', '02:30')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('goes quiet again when 25 October repeats the hour the window ended in', () => {
    // Ends at the first 02:30 (CEST), then the clock goes back to 02:00 and 02:00-02:30 is quiet again.
    expect(opening('2026-10-24T22:00:00Z', '21:00', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(opening('2026-10-25T00:45:00Z', '21:00', '02:30')).toBeNull();
    expect(opening('2026-10-25T01:10:00Z', '21:00', '02:30')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('opens at the fall-back jump when it lands the clock before the window', () => {
    // 02:45 CEST inside 02:30-04:00; at 01:00Z the clock reads 02:00 CET, outside.
    expect(opening('2026-10-25T00:45:00Z', '02:30', '04:00')).toBe('2026-10-25T01:00:00.000Z');
  });
});

describe('nextWindowOpening elsewhere', () => {
  it('America/Santiago (UTC-4 in July)', () => {
    expect(opening('2026-07-15T03:00:00Z', '22:00', '07:00', 'America/Santiago')).toBe(
      '2026-07-15T11:00:00.000Z',
    );
  });

  it('America/Santiago skips local midnight on 6 September 2026: an end at 00:30 opens at the jump', () => {
    expect(opening('2026-09-06T03:45:00Z', '23:00', '00:30', 'America/Santiago')).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('Pacific/Apia (UTC+13): the local morning is the previous UTC day', () => {
    expect(opening('2026-06-01T09:00:00Z', '21:00', '08:00', 'Pacific/Apia')).toBe(
      '2026-06-01T19:00:00.000Z',
    );
  });

  it('rejects malformed times and unknown zones with a clear error', () => {
    expect(() => nextWindowOpening(new Date(), '25:00', '08:00', 'Europe/Madrid')).toThrow(/HH:MM/);
    expect(() => nextWindowOpening(new Date(), '21:00', '08:00', 'Europe/Nowhere')).toThrow(
      /time zone "Europe\/Nowhere"/,
    );
  });
});

describe('nextWindowOpening properties', () => {
  const clock = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  // 2026 around both Madrid changes and the Santiago ones, to the millisecond.
  const instant = fc
    .integer({ min: Date.parse('2026-03-20T00:00:00Z'), max: Date.parse('2026-11-05T00:00:00Z') })
    .map((ms) => new Date(ms));
  const zone = fc.constantFrom('Europe/Madrid', 'America/Santiago', 'Pacific/Apia', 'UTC');
  const nearChange = fc
    .constantFrom('2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z')
    .chain((c) =>
      fc.integer({ min: -30 * 3_600, max: 30 * 3_600 }).map((s) => new Date(Date.parse(c) + s * 1000)),
    );

  it('returns an instant outside the window, with every instant from now until it inside', () => {
    fc.assert(
      fc.property(fc.oneof(instant, nearChange), clock, clock, zone, (now, start, end, tz) => {
        const open = nextWindowOpening(now, start, end, tz);
        if (open === null) {
          expect(inQuietHours(now, start, end, tz)).toBe(false);
          return;
        }
        expect(inQuietHours(now, start, end, tz)).toBe(true);
        expect(open.getTime()).toBeGreaterThan(now.getTime());
        expect(inQuietHours(open, start, end, tz)).toBe(false);
        const span = open.getTime() - now.getTime();
        for (const back of [1_000, 60_000, span / 2, span / 3, (span * 7) / 8]) {
          const probe = new Date(open.getTime() - Math.min(back, span));
          expect(inQuietHours(probe, start, end, tz), probe.toISOString()).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
