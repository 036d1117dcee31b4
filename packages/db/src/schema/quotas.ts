import { date, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/**
 * An agency's sending limits, set by a platform admin. Each pair is a warn and a block level; null is
 * no limit. Days and months are the agency's (agencies.timezone). No row: no limits.
 */
export const agencyQuotas = pgTable(
  'agency_quotas',
  {
    tenantId: tenantId()
      .primaryKey()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    dailyMessagesWarn: integer(),
    dailyMessagesBlock: integer(),
    monthlyMessagesWarn: integer(),
    monthlyMessagesBlock: integer(),
    /** Segments x the carrier's price per segment, in the carriers' price unit. */
    monthlySpendWarn: numeric({ precision: 16, scale: 5 }),
    monthlySpendBlock: numeric({ precision: 16, scale: 5 }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('agency_quotas')],
).enableRLS();

/** A warn level crossed in one period: the row exists once, so the agency is told once per period. */
export const quotaWarnings = pgTable(
  'quota_warnings',
  {
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    quota: text({ enum: ['daily_messages', 'monthly_messages', 'monthly_spend'] }).notNull(),
    /** First day of the period (the day itself, or the month's first day), in the agency's time zone. */
    periodStart: date({ mode: 'string' }).notNull(),
    used: numeric({ precision: 16, scale: 5 }).notNull(),
    level: numeric({ precision: 16, scale: 5 }).notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.quota, t.periodStart] }), tenantPolicy('quota_warnings')],
).enableRLS();
