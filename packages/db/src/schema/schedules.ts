import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** What a schedule's last run did: the message it created, or why it created none. */
export interface ScheduleRunResult {
  /** skipped: the occurrence's `validFor` had passed before it could run (the dispatcher was down). */
  outcome: 'sent' | 'failed' | 'skipped';
  /** The occurrence it ran for (ISO). */
  occurrence: string;
  /** Occurrences skipped because the dispatcher was not running at their time. */
  missed: number;
  messageId?: string;
  broadcastId?: string;
  error?: { code: string; message: string };
}

/** A recurring send: a 5-field cron expression in an IANA time zone and what to send each time. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid().references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    cron: text().notNull(),
    timezone: text().notNull(),
    /** 'message': one message (sendMessage input); 'broadcast': the input of createBroadcast. */
    kind: text({ enum: ['message', 'broadcast'] }).notNull(),
    spec: jsonb().$type<Record<string, unknown>>().notNull(),
    enabled: boolean().notNull().default(true),
    /** The next occurrence to fire; null while disabled. */
    nextRunAt: timestamp({ withTimezone: true }),
    lastRunAt: timestamp({ withTimezone: true }),
    lastResult: jsonb().$type<ScheduleRunResult>(),
    runCount: integer().notNull().default(0),
    /** 'user:<id>', 'api_key:<id>', 'cli'. */
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.tenantId, t.name),
    // The tick's cross-tenant lookup reads only enabled schedules, in due order.
    index('schedules_due_idx').on(t.nextRunAt).where(sql`enabled`),
    tenantPolicy('schedules'),
  ],
).enableRLS();
