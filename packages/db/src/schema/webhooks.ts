import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** Where an agency wants delivery status and inbound events pushed, signed with its secret. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    /** Event types sent: 'message.status', 'message.inbound', 'subscriber.opted_out'. */
    events: text().array().notNull(),
    /** HMAC-SHA256 secret (sealed like carrier passwords). */
    secret: text().notNull(),
    /** The secret being rotated out: signatures carry both until it expires. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    enabled: boolean().notNull().default(true),
    consecutiveFailures: integer().notNull().default(0),
    disabledAt: timestamp({ withTimezone: true }),
    disabledReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('webhooks')],
).enableRLS();

/** Every delivery attempt of every webhook event. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    webhookId: uuid()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: uuid().notNull(),
    eventType: text().notNull(),
    attempt: integer().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer(),
    payload: jsonb(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.webhookId, t.at), tenantPolicy('webhook_attempts')],
).enableRLS();
