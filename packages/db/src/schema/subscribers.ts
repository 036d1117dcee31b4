import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { inboundMessages } from './inbound-messages.ts';
import { KEYWORD_LANGUAGES } from './keywords.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** A citizen's subscription to one service: phone, language and attributes (district, school). */
export const subscribers = pgTable(
  'subscribers',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** E.164 with '+'. */
    phone: text().notNull(),
    status: text({ enum: ['active', 'pending', 'opted_out'] }).notNull(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Double opt-in: a confirmation (SI/SÍ/YES) counts until then. */
    pendingUntil: timestamp({ withTimezone: true }),
    /** The MO that asked to join, while pending. */
    pendingInboundMessageId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.serviceId, t.phone),
    index().on(t.tenantId, t.phone),
    // Broadcast audiences by attribute (district = 12) are containment queries (attributes @> {...}):
    // without it each fan-out step of a district would scan the whole service for its next 1,000.
    index('subscribers_attributes_idx').using('gin', t.attributes.op('jsonb_path_ops')),
    tenantPolicy('subscribers'),
  ],
).enableRLS();

/** Proof of each subscription: when, through which channel, the exact MO or web request, language. */
export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    subscriberId: uuid()
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    channel: text({ enum: ['sms', 'web'] }).notNull(),
    inboundMessageId: uuid().references(() => inboundMessages.id, { onDelete: 'set null' }),
    /** For web: the request (address, user agent, verification); for SMS: the keyword and text used. */
    detail: jsonb().$type<Record<string, unknown>>(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.subscriberId), tenantPolicy('consents')],
).enableRLS();
