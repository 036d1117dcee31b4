export { type Database, type DatabaseConfig, type DatabaseHandle, openDatabase, type Tx } from './client.ts';
export { MIGRATIONS_DIR, migrateDatabase } from './migrate.ts';
export * from './schema/index.ts';
export {
  jsonbLiteral,
  type PlatformAction,
  type TenantTransactionOptions,
  tenantStatement,
  uuidArrayLiteral,
  withNoTenant,
  withPlatform,
  withTenant,
} from './tenancy.ts';
