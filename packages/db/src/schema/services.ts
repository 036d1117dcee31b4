import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import type { ConversationConfig } from './citizen-conversations.ts';
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
    /**
     * A city-alerts service a platform admin allowed, citing the law, to reach opted-out numbers with
     * emergency-lane messages (civil protection warnings). Off everywhere else; every change is audited.
     */
    emergencyOverridesOptOut: boolean().notNull().default(false),
    /** The legal basis cited when the override was turned on. */
    emergencyOverrideBasis: text(),
    /** Citizens may join it from the agency's public signup page (phone proved by a one-time code). */
    webSignup: boolean().notNull().default(false),
    /** The conversation handler's window and automatic answers; null: 72 h, no answers. */
    conversation: jsonb().$type<ConversationConfig>(),
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
