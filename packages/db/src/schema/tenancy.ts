import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, uuid } from 'drizzle-orm/pg-core';

/** The role every application transaction runs as: not the owner, no BYPASSRLS. Created by migration 0000. */
export const appRole = pgRole('pregon_app').existing();

// A row is visible when it belongs to the transaction's tenant, or inside an explicit, audited
// platform transaction (withPlatform). Both settings are transaction-local (set_config(..., true)).
// Each setting is read in a sub-select, which PostgreSQL evaluates once per statement (an InitPlan)
// instead of once per row: read bare, the check cost about 0.5 µs a row on an idle machine and
// several µs under load, and it is paid for every row a scan filters and every row written.
export const visibleTo = (column: string) =>
  sql.raw(`(${column} = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))`);
const visible = visibleTo('tenant_id');

/** The RLS policy every tenant-owned table carries. */
export const tenantPolicy = (table: string) =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: visible,
    withCheck: visible,
  });

/** The tenant_id column every tenant-owned row carries. */
export const tenantId = () => uuid().notNull();
