import { AppError } from '@pregon/domain';
import { CronExpressionParser } from 'cron-parser';

/**
 * Occurrences of a 5-field cron expression in an IANA time zone (cron-parser, docs/adr/0006). Across
 * DST it behaves like Vixie cron for fixed times: a wall time the spring change skips runs once,
 * shifted by the gap (02:00 -> 03:00, 02:30 -> 03:30); one the autumn change repeats runs once, at
 * its first (summer-time) instant. Wildcard hours (`0 * * * *`) keep running every real hour.
 */

/**
 * Missed occurrences are walked from at most this far back: longer than a day, so the walk always
 * passes the first instance of an autumn repeated hour, and at most 1,560 steps for `* * * * *`.
 */
const WALK_BACK_MS = 26 * 3_600_000;

/** Throws BAD_REQUEST (details.field) unless `timeZone` is an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string, field = 'timezone'): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new AppError('BAD_REQUEST', `"${timeZone}" is not an IANA time zone (e.g. Europe/Madrid)`, {
      details: { field },
    });
  }
}

function iterator(cron: string, timeZone: string, after: Date) {
  return CronExpressionParser.parse(cron, { tz: timeZone, currentDate: after });
}

const MINUTE_MS = 60_000;
/** How far the minute-by-minute walk looks for an occurrence: past the longest monthly gap. */
const WALK_LIMIT_MINUTES = 62 * 24 * 60;

const isLoopLimit = (error: unknown) => error instanceof Error && /loop limit exceeded/i.test(error.message);

/** An instant's wall-clock minute in `timeZone`: "2026-06-10 09:00". */
export function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/**
 * Occurrences one after another (or before). cron-parser gives up ("loop limit exceeded") on some
 * expressions next to a half-hour DST change: `0 *\/3 * * 0` in Australia/Lord_Howe, from just before
 * the April fall-back (found by the property test in cron.test.ts). Then the occurrence is found
 * minute by minute with the expression's own matcher, skipping the repeat of the wall time just run
 * (an autumn repeated hour still runs once), and cron-parser takes over again from it.
 */
class Occurrences {
  readonly #cron: string;
  readonly #timeZone: string;
  #expression: ReturnType<typeof iterator>;
  #at: Date;

  constructor(cron: string, timeZone: string, at: Date) {
    this.#cron = cron;
    this.#timeZone = timeZone;
    this.#expression = iterator(cron, timeZone, at);
    this.#at = at;
  }

  next(): Date {
    return this.#step(1);
  }

  prev(): Date {
    return this.#step(-1);
  }

  #step(direction: 1 | -1): Date {
    let found: Date;
    try {
      found = (direction === 1 ? this.#expression.next() : this.#expression.prev()).toDate();
    } catch (error) {
      if (!isLoopLimit(error)) throw error;
      found = this.#walk(direction);
      this.#expression = iterator(this.#cron, this.#timeZone, found);
    }
    this.#at = found;
    return found;
  }

  #walk(direction: 1 | -1): Date {
    const from = this.#at.getTime();
    const wall = localTime(this.#at, this.#timeZone);
    let t =
      direction === 1
        ? Math.floor(from / MINUTE_MS) * MINUTE_MS + MINUTE_MS
        : Math.ceil(from / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    for (let i = 0; i < WALK_LIMIT_MINUTES; i++, t += direction * MINUTE_MS) {
      const candidate = new Date(t);
      if (this.#expression.includesDate(candidate) && localTime(candidate, this.#timeZone) !== wall)
        return candidate;
    }
    throw new Error(
      `"${this.#cron}" has no occurrence in ${this.#timeZone} within 62 days of ${this.#at.toISOString()}`,
    );
  }
}

/**
 * Checks a cron expression: exactly five fields (minute hour day-of-month month day-of-week), each
 * in range, with at least one future occurrence. Returns it with its whitespace normalised.
 * @example checkCron('0 9 * * 1-5') // '0 9 * * 1-5'
 */
export function checkCron(cron: string, timeZone: string, field = 'cron'): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new AppError(
      'BAD_REQUEST',
      `"${cron}" must have 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`,
      { details: { field } },
    );
  const normalised = fields.join(' ');
  try {
    new Occurrences(normalised, timeZone, new Date()).next();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('BAD_REQUEST', `"${cron}" is not a valid cron expression: ${reason}`, {
      details: { field },
    });
  }
  return normalised;
}

/** The next `count` occurrences strictly after `after`. */
export function nextRuns(cron: string, timeZone: string, after: Date, count: number): Date[] {
  const it = new Occurrences(cron, timeZone, after);
  return Array.from({ length: count }, () => it.next());
}

export interface DueOccurrence {
  /** The latest occurrence at or before `now`: the one that runs. */
  occurrence: Date;
  /** Earlier occurrences that also passed (the dispatcher was not running): skipped. */
  missed: number;
  /** The first occurrence after `now`. */
  next: Date;
}

/**
 * Given the occurrence a schedule was waiting for (`due`, at or before `now`), finds the latest one
 * that has passed and the next one to wait for. Walking from `due` (not from `now`) keeps an autumn
 * repeated hour from running twice: the walk knows the first instance was the occurrence.
 */
export function dueOccurrence(cron: string, timeZone: string, due: Date, now: Date): DueOccurrence {
  const from = new Date(Math.max(due.getTime(), now.getTime() - WALK_BACK_MS));
  const it = new Occurrences(cron, timeZone, from);
  let occurrence = due;
  let missed = 0;
  if (from > due) {
    // A stop of more than a day: what passed before `from` is not walked; `missed` counts it as one.
    const before = new Occurrences(cron, timeZone, new Date(from.getTime() + 1)).prev();
    if (before > due) [occurrence, missed] = [before, 1];
  }
  for (;;) {
    const candidate = it.next();
    if (candidate.getTime() > now.getTime()) return { occurrence, missed, next: candidate };
    missed++;
    occurrence = candidate;
  }
}
