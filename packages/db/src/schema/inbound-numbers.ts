import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { services } from './services.ts';

/**
 * A short code or long number citizens text (platform data, no tenant): dedicated to one service, or
 * shared by several agencies' services, each owning its keywords there. Agencies reach a number
 * through a `senders` row with the same value, which is also what replies go out from.
 */
export const inboundNumbers = pgTable('inbound_numbers', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  /** Digits only, no '+': how MO destinations are matched whatever TON the carrier used. */
  number: text().notNull().unique(),
  /** The address replies use, as given: '21700' or '+34911000000'. */
  sender: text().notNull(),
  /** Both set: dedicated to that service; both null: shared. */
  dedicatedTenantId: uuid().references(() => agencies.id, { onDelete: 'set null' }),
  dedicatedServiceId: uuid().references(() => services.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
