import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { apiKeys } from './api-keys.ts';
import { KEYWORD_LANGUAGES, type KeywordLanguage } from './keywords.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** Subscribers matching every attribute (a value, or any of several) and, when given, one language. */
export interface SubscriberFilter {
  where: Record<string, string | string[]>;
  language?: KeywordLanguage;
}

/**
 * Who a broadcast goes to. A saved list is copied into the target when the broadcast is created,
 * so editing the list later does not change a broadcast already going out.
 */
export type BroadcastTarget =
  | { kind: 'service' }
  | ({ kind: 'query' } & SubscriberFilter)
  | ({ kind: 'saved_list'; listId: string } & SubscriberFilter)
  | { kind: 'upload'; recipients: number };

export const BROADCAST_STATUSES = [
  'scheduled',
  'running',
  'paused',
  'cancelled',
  'completed',
  'superseded',
] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** A named subscriber filter of one service, reusable as a broadcast target. */
export const savedLists = pgTable(
  'saved_lists',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    filter: jsonb().$type<SubscriberFilter>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.serviceId, t.name), tenantPolicy('saved_lists')],
).enableRLS();

/** One message to many recipients of a service, fanned out in batches by `broadcast.fanout`. */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** Test keys make every message end `delivered` (test_key) without reaching a carrier. */
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: 'set null' }),
    name: text().notNull(),
    reference: text(),
    target: jsonb().$type<BroadcastTarget>().notNull(),
    /** Text per language with `{{attribute}}` placeholders; a recipient's language falls back to the default. */
    templates: jsonb().$type<Partial<Record<KeywordLanguage, string>>>().notNull(),
    defaultLanguage: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    fromAddr: text().notNull(),
    lane: text({ enum: ['emergency', 'election', 'transactional', 'bulk'] }).notNull(),
    sendAt: timestamp({ withTimezone: true }),
    validUntil: timestamp({ withTimezone: true }),
    status: text({ enum: BROADCAST_STATUSES }).notNull(),
    supersedesId: uuid().references((): AnyPgColumn => broadcasts.id, { onDelete: 'set null' }),
    /** Keyset position of the fan-out: the last subscriber id, or the last upload row, done. */
    cursor: text(),
    /** Recipients matching the target when the fan-out started (uploads: when created). */
    targeted: integer(),
    /** Messages created so far (rejected ones included). */
    fannedOut: integer().notNull().default(0),
    /** Who created it (audit columns of the actor). */
    createdBy: jsonb().$type<{ actorKind: string; actorId: string | null }>(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.tenantId, t.createdAt), index().on(t.supersedesId), tenantPolicy('broadcasts')],
).enableRLS();

/** The recipients of an uploaded-list broadcast, in upload order, read by the fan-out in batches. */
export const broadcastRecipients = pgTable(
  'broadcast_recipients',
  {
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    broadcastId: uuid()
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    /** 1-based position in the upload. */
    row: integer().notNull(),
    phone: text().notNull(),
    language: text({ enum: KEYWORD_LANGUAGES }),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.row] }),
    unique().on(t.broadcastId, t.phone),
    tenantPolicy('broadcast_recipients'),
  ],
).enableRLS();
