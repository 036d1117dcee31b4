import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { apiKeys } from './api-keys.ts';
import { broadcasts } from './broadcasts.ts';
import { carriers } from './carriers.ts';
import { schedules } from './schedules.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

const statuses = [
  'accepted',
  'scheduled',
  'queued',
  'submitted',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'rejected',
  'unknown',
] as const;

/** One MT message to one recipient; its history lives in message_events. */
export const messages = pgTable(
  'messages',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid().references(() => services.id, { onDelete: 'set null' }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: 'set null' }),
    toPhone: text().notNull(),
    fromAddr: text().notNull(),
    body: text().notNull(),
    reference: text(),
    lane: text({ enum: ['emergency', 'election', 'transactional', 'bulk'] })
      .notNull()
      .default('transactional'),
    status: text({ enum: statuses }).notNull().default('accepted'),
    reason: text(),
    smppStatus: integer(),
    encoding: text(),
    segments: integer(),
    carrierId: uuid().references(() => carriers.id, { onDelete: 'set null' }),
    carrierMessageId: text(),
    /** Normalised ids of every submitted part, so each part's receipt finds its message. */
    carrierMessageIds: text().array(),
    /** Final receipt state per part id, so a multi-part message settles when every part has. */
    partStates: jsonb().$type<Record<string, string>>(),
    /** How it arrived: REST API, the console, or an agency's SMPP client (which gets receipts back). */
    origin: text({ enum: ['api', 'console', 'smpp'] })
      .notNull()
      .default('api'),
    smppClientId: uuid(),
    /** The SMPP client asked for a receipt (registered_delivery & 1) and is owed one at a final status. */
    smppReceiptRequested: boolean().notNull().default(false),
    /** When its deliver_sm receipt was acknowledged by the client; null while still owed. */
    smppReceiptSentAt: timestamp({ withTimezone: true }),
    /** The MO this message answers (keyword engine replies): exempt from the opt-out ledger. */
    inReplyTo: uuid(),
    sendAt: timestamp({ withTimezone: true }),
    validUntil: timestamp({ withTimezone: true }),
    /** A relative reminder's appointment: it was sent `before` it, so a moved appointment can move it. */
    appointmentAt: timestamp({ withTimezone: true }),
    /** The recurring schedule whose run created it, if any. */
    scheduleId: uuid().references(() => schedules.id, { onDelete: 'set null' }),
    /** Set just before the first PDU is written; a claimed message is never submitted again. */
    submitClaimedAt: timestamp({ withTimezone: true }),
    /** The web signup verification whose code it carries: the citizen asked for it, so it passes the ledger. */
    signupVerificationId: uuid(),
    /** The broadcast that fanned it out, if any. */
    broadcastId: uuid().references(() => broadcasts.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId, t.createdAt),
    index('messages_carrier_message_ids_idx').using('gin', t.carrierMessageIds),
    // Only the receipts still owed to SMPP clients, which the listener polls for.
    index('messages_smpp_receipts_owed_idx')
      .on(t.smppClientId)
      .where(sql`smpp_receipt_requested and smpp_receipt_sent_at is null`),
    // STOP on a shared number leaves the service that last wrote to the phone from that number.
    index('messages_last_contact_idx').on(t.toPhone, t.fromAddr, t.createdAt),
    // A broadcast's messages: its progress is a grouped count over them, and cancel walks them in id
    // order. No index may hold the status (nor other columns a status change sets): then those updates
    // are HOT, writing no index entry, on pages the fillfactor (migration 0029) leaves room on.
    index('messages_broadcast_id_idx').on(t.broadcastId, t.id).where(sql`broadcast_id is not null`),
    // One message per recipient and broadcast, so a retried fan-out step creates none twice. Redacted
    // rows (body '') leave it: masked numbers of one broadcast may coincide.
    uniqueIndex('messages_broadcast_recipient_idx')
      .on(t.broadcastId, t.toPhone)
      .where(sql`broadcast_id is not null and body <> ''`),
    tenantPolicy('messages'),
  ],
).enableRLS();

/**
 * Every status a message has had, in order. No foreign keys: every row is written by the statement
 * that moves its message (`insert ... select from` the updated or inserted rows), and messages are
 * redacted, never deleted. The two checks (a `FOR KEY SHARE` on the message and on the agency, for
 * every row) were a quarter of each transition's time, and every writer locked the same agency row.
 */
export const messageEvents = pgTable(
  'message_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    messageId: uuid().notNull(),
    status: text({ enum: statuses }).notNull(),
    reason: text(),
    detail: jsonb(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.messageId, t.id), tenantPolicy('message_events')],
).enableRLS();

/** Remembered answers to writes that carried an Idempotency-Key (kept 24 h). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), tenantPolicy('idempotency_keys')],
).enableRLS();
