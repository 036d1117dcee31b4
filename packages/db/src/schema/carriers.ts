import { sql } from 'drizzle-orm';
import { boolean, integer, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';

// Carriers, their links and routes are platform-level: no tenant owns them.

export const carriers = pgTable('carriers', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  name: text().notNull().unique(),
  host: text().notNull(),
  port: integer().notNull(),
  tls: boolean().notNull().default(false),
  systemId: text().notNull(),
  /** Encrypted at rest (AES-256-GCM, `enc:v1:` prefix) by the services layer; never returned to clients. */
  password: text().notNull(),
  systemType: text().notNull().default(''),
  bindMode: text({ enum: ['trx', 'tx+rx'] })
    .notNull()
    .default('trx'),
  binds: integer().notNull().default(1),
  window: integer().notNull().default(10),
  tps: integer().notNull().default(0),
  idNotation: text({ enum: ['hex', 'dec', 'auto'] })
    .notNull()
    .default('auto'),
  encoding: text({ enum: ['auto', 'gsm7', 'gsm7+spanish-shift', 'transliterate', 'ucs2'] })
    .notNull()
    .default('auto'),
  pricePerSegment: numeric({ precision: 10, scale: 5 }).notNull().default('0'),
  /** TON/NPI for E.164 destinations (SMPP 3.4 §5.2.5-6); sources follow the sender kind. */
  destTon: integer().notNull().default(1),
  destNpi: integer().notNull().default(1),
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Live state of each bind, written by the gateway process that holds it. */
export const carrierLinks = pgTable(
  'carrier_links',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    carrierId: uuid()
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    ordinal: integer().notNull(),
    state: text().notNull().default('unbound'),
    holder: text(),
    outstanding: integer().notNull().default(0),
    submitted: integer().notNull().default(0),
    lastError: text(),
    /** A gateway holds this bind slot until the lease runs out; a dead holder's slot is taken over. */
    leaseExpiresAt: timestamp({ withTimezone: true }),
    lastEnquireLinkAt: timestamp({ withTimezone: true }),
    stateChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.carrierId, t.ordinal)],
);

/** Destination-prefix routes; the longest prefix wins, then the lowest priority number. */
export const routes = pgTable(
  'routes',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    prefix: text().notNull(),
    carrierId: uuid()
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    priority: integer().notNull().default(1),
    /** Set: a route for this agency only, preferred over the platform's routes for the same prefix. */
    agencyId: uuid().references(() => agencies.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.prefix, t.carrierId, t.agencyId).nullsNotDistinct()],
);
