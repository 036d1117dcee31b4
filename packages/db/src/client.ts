import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A transaction handle; the same query API as Database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseConfig {
  url: string;
  /** Pool size. Must be 1 against the embedded PGlite server (one shared session). */
  max?: number;
  applicationName?: string;
}

export interface DatabaseHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Opens a pooled postgres.js client with the drizzle schema (snake_case columns). */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const sql = postgres(config.url, {
    max: config.max ?? 10,
    onnotice: () => {},
    connection: { application_name: config.applicationName ?? 'pregon' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' }) as Database;
  return {
    db,
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}
