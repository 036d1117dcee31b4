import { sql } from 'drizzle-orm';
import { integer, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appRole, visibleTo } from './tenancy.ts';

const ownAgency = visibleTo('id');

/** An agency is a tenant; its id is the tenant_id of everything it owns. */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    slug: text().notNull().unique(),
    name: text().notNull(),
    /** operator: the platform's own organisation (platform admins); agency: a public administration. */
    kind: text({ enum: ['operator', 'agency'] })
      .notNull()
      .default('agency'),
    timezone: text().notNull().default('Europe/Madrid'),
    retentionDays: integer().notNull().default(7),
    /** Non-urgent messages wait outside this window, in the agency's time zone ('HH:MM'); null = no quiet hours. */
    quietHoursStart: text(),
    quietHoursEnd: text(),
    /**
     * The agency's own STOP words (normalised, one word each, with their language), answered like STOP
     * on every number where the agency has a service: `DESAPUNTAR`, `NOMASSMS`.
     */
    stopWords: jsonb().$type<Array<{ word: string; language: 'es' | 'ca' | 'en' }>>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    pgPolicy('agencies_tenant_isolation', {
      for: 'all',
      to: appRole,
      using: ownAgency,
      withCheck: ownAgency,
    }),
  ],
).enableRLS();
