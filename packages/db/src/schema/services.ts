import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** One use of the platform by an agency: appointment reminders, absence notices, city alerts, election results. */
export const services = pgTable(
  'services',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    name: text().notNull(),
    type: text({ enum: ['health', 'education', 'city-alerts', 'elections', 'custom'] }).notNull(),
    /** Overrides the agency's quiet hours for this service ('HH:MM'); both null = the agency's. */
    quietHoursStart: text(),
    quietHoursEnd: text(),
    /** What HELP/AYUDA/AJUDA answers (contact phone, web); null: a default naming the agency. */
    contactText: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.tenantId, t.slug), tenantPolicy('services')],
).enableRLS();

/** An originating address an agency may send from: short code, long number or alphanumeric ID. */
export const senders = pgTable(
  'senders',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid().references(() => services.id, { onDelete: 'set null' }),
    kind: text({ enum: ['short_code', 'long_number', 'alphanumeric'] }).notNull(),
    value: text().notNull(),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.tenantId, t.value), tenantPolicy('senders')],
).enableRLS();
