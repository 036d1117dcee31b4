import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCron, checkTimeZone, dueOccurrence, nextRuns } from './cron.ts';

const runs = (cron: string, tz: string, after: string, n = 3) =>
  nextRuns(cron, tz, new Date(after), n).map((d) => d.toISOString());

describe('nextRuns in Europe/Madrid across the 2026 changes', () => {
  it('runs 02:00 daily at 03:00 CEST on 29 March, when 02:00 does not exist', () => {
    expect(runs('0 2 * * *', 'Europe/Madrid', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T01:00:00.000Z', // 02:00 CET
      '2026-03-29T01:00:00.000Z', // the jump: 03:00 CEST
      '2026-03-30T00:00:00.000Z', // 02:00 CEST
      '2026-03-31T00:00:00.000Z',
    ]);
  });

  it('shifts a skipped 02:30 by the gap, to 03:30 CEST, and runs it once', () => {
    expect(runs('30 2 * * *', 'Europe/Madrid', '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('runs 02:00 once on 25 October, when 02:00 happens twice (at the first, summer-time one)', () => {
    expect(runs('0 2 * * *', 'Europe/Madrid', '2026-10-23T12:00:00Z', 3)).toEqual([
      '2026-10-24T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:00:00.000Z', // the first 02:00 (CEST); 01:00Z (02:00 CET) is not a run
      '2026-10-26T01:00:00.000Z', // 02:00 CET
    ]);
  });

  it('keeps every-hour schedules hourly in real time through both changes', () => {
    expect(runs('0 * * * *', 'Europe/Madrid', '2026-10-24T23:30:00Z', 3)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    expect(runs('*/30 * * * *', 'Europe/Madrid', '2026-03-29T00:10:00Z', 4)).toEqual([
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });

  it('follows weekdays and months in local time', () => {
    // Friday 27 March 13:00 CET -> Monday 30 March 09:00 CEST.
    expect(runs('0 9 * * 1-5', 'Europe/Madrid', '2026-03-27T12:00:00Z', 2)).toEqual([
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    // 00:30 on the 1st, local: still 31 December in UTC.
    expect(runs('30 0 1 * *', 'Europe/Madrid', '2026-12-15T00:00:00Z', 1)).toEqual([
      '2026-12-31T23:30:00.000Z',
    ]);
  });
});

describe('nextRuns in America/New_York across the 2026 changes', () => {
  it('runs 02:00 at 03:00 EDT on 8 March, when 02:00 does not exist', () => {
    expect(runs('0 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:00:00.000Z',
    ]);
  });

  it('runs 01:30 once on 1 November, when 01:00-02:00 happens twice', () => {
    expect(runs('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 06:30Z (01:30 EST) is not a run
      '2026-11-02T06:30:00.000Z',
    ]);
  });
});

describe('dueOccurrence', () => {
  const due = (cron: string, tz: string, at: string, now: string) => {
    const d = dueOccurrence(cron, tz, new Date(at), new Date(now));
    return { occurrence: d.occurrence.toISOString(), missed: d.missed, next: d.next.toISOString() };
  };

  it('runs the occurrence it waited for and waits for the next one', () => {
    expect(due('0 9 * * *', 'Europe/Madrid', '2026-06-10T07:00:00Z', '2026-06-10T07:00:20Z')).toEqual({
      occurrence: '2026-06-10T07:00:00.000Z',
      missed: 0,
      next: '2026-06-11T07:00:00.000Z',
    });
  });

  it('after downtime runs only the latest passed occurrence and counts the others as missed', () => {
    // Every 15 minutes; the dispatcher was away from 10:00 to 11:07 UTC.
    expect(due('*/15 * * * *', 'Europe/Madrid', '2026-06-10T10:00:00Z', '2026-06-10T11:07:00Z')).toEqual({
      occurrence: '2026-06-10T11:00:00.000Z',
      missed: 4,
      next: '2026-06-10T11:15:00.000Z',
    });
  });

  it('does not run the repeated autumn 02:30 again when the first one ran late', () => {
    // Due at 02:30 CEST, run at 02:10 CET (01:10Z): the next is the 26th, not 02:30 CET (01:30Z).
    expect(due('30 2 * * *', 'Europe/Madrid', '2026-10-25T00:30:00Z', '2026-10-25T01:10:00Z')).toEqual({
      occurrence: '2026-10-25T00:30:00.000Z',
      missed: 0,
      next: '2026-10-26T01:30:00.000Z',
    });
  });

  it('walks back at most a day after a long stop, and still answers the latest and next occurrence', () => {
    const d = due('* * * * *', 'Europe/Madrid', '2026-01-01T00:00:00Z', '2026-03-01T00:00:30Z');
    expect(d.occurrence).toBe('2026-03-01T00:00:00.000Z');
    expect(d.next).toBe('2026-03-01T00:01:00.000Z');
  });

  it("finds the next occurrence where cron-parser gives up, next to Lord Howe's half-hour fall-back", () => {
    // From 00:00 LHDT on 5 April 2026, cron-parser threw "loop limit exceeded" (the property below found
    // it): 02:00 LHDT falls back to 01:30 LHST, and 03:00 LHST is 16:30Z.
    const from = new Date('2026-04-04T13:00:00Z');
    expect(nextRuns('0 */3 * * 0', 'Australia/Lord_Howe', from, 3).map((d) => d.toISOString())).toEqual([
      '2026-04-04T16:30:00.000Z',
      '2026-04-04T19:30:00.000Z',
      '2026-04-04T22:30:00.000Z',
    ]);
    expect(dueOccurrence('0 */3 * * 0', 'Australia/Lord_Howe', from, from)).toEqual({
      occurrence: from,
      missed: 0,
      next: new Date('2026-04-04T16:30:00Z'),
    });
    // The repeated half hour runs once, at its first (summer-time) instant.
    expect(
      nextRuns('45 1 * * *', 'Australia/Lord_Howe', new Date('2026-04-04T12:00:00Z'), 2).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(['2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z']);
  });

  it('always answers occurrence <= now < next, in any zone (property)', () => {
    const zones = ['Europe/Madrid', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe'];
    const crons = ['0 2 * * *', '30 1 * * *', '*/20 * * * *', '0 */3 * * 0', '15 9 1 * *'];
    const start = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...crons),
        fc.integer({ min: 0, max: 364 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (tz, cron, fromMinute, lateMinutes) => {
          const [first] = nextRuns(cron, tz, new Date(start + fromMinute * 60_000), 1);
          if (!first) return false;
          const now = new Date(first.getTime() + lateMinutes * 60_000);
          const d = dueOccurrence(cron, tz, first, now);
          return d.occurrence <= now && d.next > now && d.occurrence >= first;
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('checkCron and checkTimeZone', () => {
  it('accepts five fields and normalises spacing', () => {
    expect(checkCron(' 0  9 * * 1-5 ', 'Europe/Madrid')).toBe('0 9 * * 1-5');
  });

  it('rejects other field counts, out-of-range values and impossible dates, naming the field', () => {
    for (const bad of ['0 9 * *', '0 0 9 * * *', '@daily', '61 2 * * *', '0 2 30 2 *', 'every day']) {
      expect(() => checkCron(bad, 'Europe/Madrid')).toThrow(
        expect.objectContaining({ code: 'BAD_REQUEST', details: { field: 'cron' } }),
      );
    }
  });

  it('rejects unknown time zones', () => {
    expect(checkTimeZone('America/New_York')).toBe('America/New_York');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/IANA time zone/);
  });
});
