import { bigint, date, integer, numeric, pgTable, smallint, text, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/**
 * What happened to an agency's messages on one day (its time zone), per service and lane, with no
 * personal data: kept when the retention purge redacts the messages. A count lands on the day the
 * message entered that status; queued/segments/spend on the day it was queued. Each (day, service,
 * lane) is spread over up to STAT_STRIPES rows (`stripe`), which readers add up: every prepare and
 * receipt transaction adds to its day's counts, and on one row they waited for each other's commits.
 */
/** Rows each (tenant, day, service, lane) of daily_message_stats is spread over. */
export const STAT_STRIPES = 16;

export const dailyMessageStats = pgTable(
  'daily_message_stats',
  {
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    /** No foreign key: a deleted service's history stays under its id. */
    serviceId: uuid(),
    lane: text({ enum: ['emergency', 'election', 'transactional', 'bulk'] }).notNull(),
    queued: integer().notNull().default(0),
    delivered: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    expired: integer().notNull().default(0),
    cancelled: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    unknown: integer().notNull().default(0),
    segments: bigint({ mode: 'number' }).notNull().default(0),
    spend: numeric({ precision: 16, scale: 5 }).notNull().default('0'),
    /** Which of the key's rows: the writing connection's (pg_backend_pid() % STAT_STRIPES). */
    stripe: smallint().notNull().default(0),
  },
  (t) => [
    unique('daily_message_stats_key').on(t.tenantId, t.day, t.serviceId, t.lane, t.stripe).nullsNotDistinct(),
    tenantPolicy('daily_message_stats'),
  ],
).enableRLS();
