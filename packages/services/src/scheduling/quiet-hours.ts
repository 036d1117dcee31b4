import { AppError } from '@pregon/domain';

/** A wall-clock time of day, 'HH:MM' (00:00-23:59). */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// A quiet window is shorter than a day of wall-clock time, so it opens within a day plus a DST shift.
const HORIZON = 2 * DAY;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AppError('BAD_REQUEST', `Unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset in ms at an instant (wall clock = instant + offset). */
export function utcOffset(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** Minutes since midnight of an 'HH:MM'. */
export function clockMinutes(hhmm: string): number {
  if (!CLOCK_TIME.test(hhmm)) throw new AppError('BAD_REQUEST', `"${hhmm}" is not a time of day (HH:MM)`);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function wallMsOfDay(at: number, offset: number): number {
  return (((at + offset) % DAY) + DAY) % DAY;
}

/** Whether a wall-clock minute of the day falls in [start, end), a window that may cross midnight. */
function insideWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether `at` falls inside the quiet window start-end in `timeZone`'s wall-clock time. */
export function inQuietHours(at: Date, start: string, end: string, timeZone: string): boolean {
  const t = at.getTime();
  const minute = Math.floor(wallMsOfDay(t, utcOffset(t, timeZone)) / MINUTE);
  return insideWindow(minute, clockMinutes(start), clockMinutes(end));
}

/** The first instant after `from` (up to `until`) at which the zone's offset differs from `offset`. */
function nextOffsetChange(from: number, until: number, offset: number, timeZone: string): number | null {
  // Whole seconds from here on, since offsets change on whole seconds.
  let lo = Math.floor(from / 1000) * 1000;
  let hi: number | null = null;
  // Real zones change offset at most a few times a year, hours apart: hourly samples find the change.
  for (let probe = lo + HOUR; probe <= until + HOUR; probe += HOUR) {
    if (utcOffset(probe, timeZone) !== offset) {
      hi = probe;
      break;
    }
    lo = probe;
  }
  if (hi === null) return null;
  // Narrow (lo, changed] down to the first second with the new offset.
  let changed: number = hi;
  while (changed - lo > 1000) {
    const mid: number = lo + Math.floor((changed - lo) / 2000) * 1000;
    if (utcOffset(mid, timeZone) === offset) lo = mid;
    else changed = mid;
  }
  return changed;
}

/**
 * When the quiet window (wall-clock 'HH:MM' start to end in `timeZone`, possibly crossing midnight)
 * next opens, or null when `now` is outside it. start == end means no quiet hours. DST-exact: on the
 * day clocks change, 08:00 is that day's 08:00; an end inside a skipped hour opens at the jump.
 * @example nextWindowOpening(new Date('2026-03-28T22:00:00Z'), '21:00', '08:00', 'Europe/Madrid') // 2026-03-29T06:00:00Z
 */
export function nextWindowOpening(now: Date, start: string, end: string, timeZone: string): Date | null {
  const startMin = clockMinutes(start);
  const endMin = clockMinutes(end);
  const limit = now.getTime() + HORIZON;
  let t = now.getTime();
  let first = true;
  // Within a stretch of constant offset the wall clock runs with real time, so the window opens when
  // it reaches `end`; at an offset change the wall clock jumps and is looked at again.
  while (t <= limit) {
    const offset = utcOffset(t, timeZone);
    const wall = wallMsOfDay(t, offset);
    if (!insideWindow(Math.floor(wall / MINUTE), startMin, endMin)) return first ? null : new Date(t);
    first = false;
    const opening = t + ((endMin * MINUTE - wall + DAY) % DAY);
    const change = nextOffsetChange(t, Math.min(opening, limit), offset, timeZone);
    if (change === null || change > opening) return new Date(opening);
    t = change;
  }
  throw new AppError('INTERNAL', `quiet hours ${start}-${end} in ${timeZone} never open`);
}
