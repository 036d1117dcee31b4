import { AppError } from '@pregon/domain';
import { utcOffset } from './quiet-hours.ts';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An ISO 8601 duration without years or months: calendar days (and weeks) plus exact time. */
export interface CalendarDuration {
  days: number;
  ms: number;
}

const DURATION = /^P(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,7})M)?(?:(\d{1,8})S)?)?$/;

/**
 * Parses "PT48H", "P1D", "P2DT12H", "P1W", "PT90M". Years and months are refused: their length
 * depends on the date, and nobody means "P1M" for a reminder. Throws BAD_REQUEST naming `field`.
 * @example parseDuration('P1DT2H', 'remind.before') // { days: 1, ms: 7_200_000 }
 */
export function parseDuration(text: string, field: string): CalendarDuration {
  const m = DURATION.exec(text);
  const invalid = (why: string) => new AppError('BAD_REQUEST', `"${field}" ${why}`, { details: { field } });
  if (!m || text === 'P' || text.endsWith('T'))
    throw invalid(
      `"${text}" is not an ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT48H, P1D, P1DT12H)`,
    );
  const n = (i: number) => Number(m[i] ?? 0);
  const duration = { days: n(1) * 7 + n(2), ms: n(3) * HOUR + n(4) * 60_000 + n(5) * SECOND };
  if (duration.days === 0 && duration.ms === 0) throw invalid('must be longer than zero');
  return duration;
}

/** A duration in milliseconds with days counted as 24 h (validity periods, where exact time is meant). */
export const durationMs = (d: CalendarDuration): number => d.days * DAY + d.ms;

/**
 * The instant `d` before `at`: days are calendar days in `timeZone` (the same wall-clock time, so
 * "P1D" before 10:00 is 10:00 the day before even across a DST change), then the exact time part.
 * A wall time that the spring change skips moves forward by the gap.
 */
export function subtractDuration(at: Date, d: CalendarDuration, timeZone: string): Date {
  let instant = at.getTime();
  if (d.days > 0) instant = fromWallTime(instant + utcOffset(instant, timeZone) - d.days * DAY, timeZone);
  return new Date(instant - d.ms);
}

/**
 * The instant a wall-clock time (as UTC ms) happens in `timeZone`: the first of two in a repeated
 * hour; for one the spring change skips, the wall time plus the gap (02:30 -> 03:30).
 */
function fromWallTime(wall: number, timeZone: string): number {
  // Offset changes are months apart: a day either side gives the offsets before and after any change.
  const early = wall - utcOffset(wall - DAY, timeZone);
  const late = wall - utcOffset(wall + DAY, timeZone);
  const valid = [early, late].filter((i) => i + utcOffset(i, timeZone) === wall);
  return valid.length > 0 ? Math.min(...valid) : Math.max(early, late);
}

export interface Reminder {
  /** The appointment. */
  at: Date;
  before: CalendarDuration;
}

/**
 * Checks a `remind` request: not together with `sendAt`, a valid duration, an appointment still
 * ahead. The send time itself needs the agency's time zone (subtractDuration).
 */
export function checkReminder(
  remind: { at: string; before: string },
  sendAt: string | undefined,
  now: Date,
): Reminder {
  if (sendAt !== undefined)
    throw new AppError('BAD_REQUEST', 'Give either "sendAt" or "remind", not both', {
      details: { field: 'remind' },
    });
  const before = parseDuration(remind.before, 'remind.before');
  const at = new Date(remind.at);
  if (at <= now)
    throw new AppError('BAD_REQUEST', '"remind.at" (the appointment) is already in the past', {
      details: { field: 'remind.at' },
    });
  return { at, before };
}
