import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client.ts';
import { auditEvents } from './schema/audit.ts';

/**
 * Runs fn in a transaction that sees only one tenant's rows: the role drops to pregon_app
 * (row-level security applies) and app.tenant_id is set for this transaction only.
 * @example await withTenant(db, agencyId, (tx) => tx.select().from(messages))
 */
export function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      options.synchronousCommit === false
        ? sql`select set_config('role', 'pregon_app', true), set_config('app.tenant_id', ${tenantId}, true), set_config('synchronous_commit', 'off', true)`
        : sql`select set_config('role', 'pregon_app', true), set_config('app.tenant_id', ${tenantId}, true)`,
    );
    return fn(tx);
  });
}

export interface TenantTransactionOptions {
  /**
   * false: COMMIT returns before the WAL is flushed. Only for writes whose loss in a PostgreSQL crash
   * (not an application crash: the server still has them) is safe; any later synchronous commit on
   * the server flushes them too.
   */
  synchronousCommit?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid[] literal for `tenantStatement`, from values checked to be UUIDs (anything else throws, so
 * nothing but hex digits and dashes ever reaches the SQL text).
 * @example tenantStatement(db, t, `update messages set … where id = any(${uuidArrayLiteral(ids)})`)
 */
export function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

/**
 * A jsonb literal for `tenantStatement`. An E'' string with backslashes and quotes escaped reads the
 * same whatever standard_conforming_strings says, so any value (peer input too) stays one literal.
 */
export function jsonbLiteral(value: unknown): string {
  const text = JSON.stringify(value).replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  return `E'${text}'::jsonb`;
}

/**
 * Runs one statement as the tenant, like withTenant, in a single round trip: the settings and the
 * statement go as one simple-protocol query, which PostgreSQL runs as one implicit transaction (an
 * error rolls all of it back). Simple protocol has no bind parameters, so `statement` may hold only
 * literals built from checked values (`uuidArrayLiteral`, ISO timestamps). Returns its rows.
 */
export async function tenantStatement<Row>(
  db: Database,
  tenantId: string,
  statement: string,
  options: TenantTransactionOptions = {},
): Promise<Row[]> {
  if (!UUID.test(tenantId)) throw new TypeError(`not a tenant id: ${JSON.stringify(tenantId)}`);
  const settings = `set_config('role', 'pregon_app', true), set_config('app.tenant_id', '${tenantId}', true)${
    options.synchronousCommit === false ? ", set_config('synchronous_commit', 'off', true)" : ''
  }`;
  const results = (await db.$client
    .unsafe(`select ${settings};\n${statement}`)
    .simple()) as unknown as Row[][];
  return results[results.length - 1] ?? [];
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
