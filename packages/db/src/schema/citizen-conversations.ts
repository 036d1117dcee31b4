import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { inboundMessages } from './inbound-messages.ts';
import { KEYWORD_LANGUAGES, type KeywordLanguage } from './keywords.ts';
import { messages } from './messages.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

export const CONVERSATION_INTENTS = ['confirm', 'decline', 'cancel', 'justify', 'text'] as const;
export type ConversationIntent = (typeof CONVERSATION_INTENTS)[number];

/** A service's conversation handler: how long its messages can be answered, and what it answers back. */
export interface ConversationConfig {
  /** Replies count within this many hours of the service's last message to the phone (default 72). */
  windowHours?: number;
  /** The automatic answer per intent and language; none configured: no answer. */
  answers?: Partial<Record<ConversationIntent, Partial<Record<KeywordLanguage, string>>>>;
}

/**
 * A request to join a service from the public web page, proved by a one-time code sent by SMS.
 * Only the code's HMAC is kept; rate limits count these rows (across agencies) by phone and address.
 */
export const signupVerifications = pgTable(
  'signup_verifications',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** E.164 with '+'. */
    phone: text().notNull(),
    /** HMAC-SHA256 of the code under the server key, bound to this row's id (hex). */
    codeHash: text().notNull(),
    /** Wrong codes tried; at 5 the code is dead. */
    attempts: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    ip: text().notNull(),
    userAgent: text(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** The SMS that carried the code. */
    messageId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId, t.serviceId, t.phone, t.createdAt),
    index('signup_verifications_phone_idx').on(t.phone, t.createdAt),
    index('signup_verifications_ip_idx').on(t.ip, t.createdAt),
    tenantPolicy('signup_verifications'),
  ],
).enableRLS();

/** An MO routed to a service's conversation handler: the message it answers and what it says. */
export const conversationReplies = pgTable(
  'conversation_replies',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    inboundMessageId: uuid()
      .notNull()
      .references(() => inboundMessages.id, { onDelete: 'cascade' }),
    /** The service's message this answers (its last one to the phone from that number). */
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    phone: text().notNull(),
    intent: text({ enum: CONVERSATION_INTENTS }).notNull(),
    /** The text after the intent word (JUSTIFICAR's reason), or the whole text for intent 'text'. */
    argument: text(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conversation_replies_inbound_idx').on(t.inboundMessageId),
    index().on(t.messageId),
    index().on(t.tenantId, t.serviceId, t.createdAt),
    tenantPolicy('conversation_replies'),
  ],
).enableRLS();
