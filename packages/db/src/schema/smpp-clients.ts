import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** Credentials for an agency system that binds to our SMPP listener as an ESME. */
export const smppClients = pgTable(
  'smpp_clients',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    /** SMPP 3.4 §5.2.1: at most 15 characters; unique across the platform (it names the agency at bind). */
    systemId: text().notNull().unique(),
    /** argon2id of the bind password. */
    passwordHash: text().notNull(),
    /** Binds this client may hold at once. */
    maxBinds: integer().notNull().default(4),
    /** submit_sm per second across its binds; 0 = the platform default. */
    tps: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  () => [tenantPolicy('smpp_clients')],
).enableRLS();
