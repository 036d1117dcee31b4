import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client.ts';
import { auditEvents } from './schema/audit.ts';

/**
 * Runs fn in a transaction that sees only one tenant's rows: the role drops to pregon_app
 * (row-level security applies) and app.tenant_id is set for this transaction only.
 * @example await withTenant(db, agencyId, (tx) => tx.select().from(messages))
 */
export function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'pregon_app', true), set_config('app.tenant_id', ${tenantId}, true)`,
    );
    return fn(tx);
  });
}

export interface PlatformAction {
  actorKind: 'user' | 'api_key' | 'cli' | 'system';
  actorId: string | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/**
 * The explicit way across tenants, for platform admins and operator tooling. Every call writes an
 * audit event in the same transaction, so a cross-tenant read or write never goes unrecorded.
 */
export function withPlatform<T>(
  db: Database,
  action: PlatformAction,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'pregon_app', true), set_config('app.platform', 'on', true), set_config('app.tenant_id', '', true)`,
    );
    await tx.insert(auditEvents).values({
      tenantId: null,
      actorKind: action.actorKind,
      actorId: action.actorId,
      action: action.action,
      target: action.target ?? null,
      detail: action.detail ?? null,
    });
    return fn(tx);
  });
}

/**
 * A transaction as pregon_app with no tenant: it sees only platform tables (carriers, routes,
 * links, users) and the narrow SECURITY DEFINER lookups; every tenant-owned table reads empty.
 */
export function withNoTenant<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'pregon_app', true), set_config('app.tenant_id', '', true)`,
    );
    return fn(tx);
  });
}
