import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicy } from './tenancy.ts';

/** Who did what, to what. tenant_id is null for platform-level actions (carriers, agencies). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tenantId: uuid(),
    actorKind: text({ enum: ['user', 'api_key', 'cli', 'system'] }).notNull(),
    actorId: text(),
    action: text().notNull(),
    target: text(),
    detail: jsonb(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.tenantId, t.at), tenantPolicy('audit_events')],
).enableRLS();
