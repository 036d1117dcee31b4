import { bigint, date, integer, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/**
 * What happened to an agency's messages on one day (its time zone), per service and lane, with no
 * personal data: kept when the retention purge redacts the messages. A count lands on the day the
 * message entered that status; queued/segments/spend on the day it was queued.
 */
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
  },
  (t) => [
    unique('daily_message_stats_key').on(t.tenantId, t.day, t.serviceId, t.lane).nullsNotDistinct(),
    tenantPolicy('daily_message_stats'),
  ],
).enableRLS();
