import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

/** Agency API keys. Only a SHA-256 of the secret is kept; the prefix is shown to people to tell keys apart. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    name: text().notNull().default(''),
    prefix: text().notNull().unique(),
    secretHash: text().notNull().unique(),
    mode: text({ enum: ['live', 'test'] })
      .notNull()
      .default('live'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  () => [tenantPolicy('api_keys')],
).enableRLS();
