import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { inboundMessages } from './inbound-messages.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/**
 * The opt-out ledger every send path checks. A row is active until revoked (START/ALTA). service_id
 * set: that service; null: every service of the agency on `number`, or of the agency when number is null.
 */
export const optOuts = pgTable(
  'opt_outs',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    /** E.164 with '+'. */
    phone: text().notNull(),
    serviceId: uuid().references(() => services.id, { onDelete: 'cascade' }),
    /** The number the STOP was texted to, as a sender address ('21700'). */
    number: text(),
    /** sms_stop, sms_stop_all, console, api. */
    source: text().notNull(),
    inboundMessageId: uuid().references(() => inboundMessages.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedInboundMessageId: uuid(),
  },
  (t) => [
    index('opt_outs_active_idx').on(t.tenantId, t.phone).where(sql`revoked_at is null`),
    tenantPolicy('opt_outs'),
  ],
).enableRLS();
