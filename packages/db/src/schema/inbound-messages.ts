import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { carriers } from './carriers.ts';
import { services } from './services.ts';
import { tenantPolicy } from './tenancy.ts';

/**
 * MO as received from carriers, one row per whole (reassembled) message. It arrives before any tenant
 * is known, so tenant_id stays null until the keyword engine assigns it; the application role can only
 * insert such rows through pregon_record_inbound() (migration 0008), and reads them only once assigned.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    carrierId: uuid()
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    /** The handset: E.164 with '+' when the carrier sent TON 1 (international). */
    source: text().notNull(),
    /** The short code or number it was sent to, as the carrier wrote it. */
    destination: text().notNull(),
    /** Decoded text; a missing part of an incomplete message appears as '…'. */
    text: text().notNull(),
    /** SMPP 3.4 §5.2.19 data_coding of the first part that arrived. */
    dataCoding: integer().notNull(),
    parts: integer().notNull().default(1),
    complete: boolean().notNull().default(true),
    /** 1-based parts that never arrived (reassembly timed out). */
    missing: integer().array().notNull().default(sql`'{}'::integer[]`),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    tenantId: uuid().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid().references(() => services.id, { onDelete: 'set null' }),
    /** Set once the keyword engine has handled it (matched or not), in the same transaction. */
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.tenantId, t.receivedAt),
    index('inbound_messages_unassigned_idx').on(t.receivedAt).where(sql`tenant_id is null`),
    tenantPolicy('inbound_messages'),
  ],
).enableRLS();
