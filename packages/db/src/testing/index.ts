import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../client.ts';
import { migrateDatabase } from '../migrate.ts';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
  /** Drops the database; kept instead when PREGON_KEEP_TEST_DB=1, for inspection. */
  drop(): Promise<void>;
}

/** The server tests run against: DATABASE_URL, or the local PostgreSQL of a development machine. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a fresh, migrated database of its own for one test file. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const server = testServerUrl();
  const name = `pregon_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, name);
  const handle = openDatabase({ url, max: 5, applicationName: `test:${label}` });
  await migrateDatabase(handle.db);
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      if (process.env.PREGON_KEEP_TEST_DB === '1') return;
      const a = postgres(server, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
