import { type Database, migrateDatabase } from '@pregon/db';
import { sql } from 'drizzle-orm';
import { defineCommand } from '../command.ts';

export const migrate = defineCommand({
  words: ['migrate'],
  summary: 'Apply the committed database migrations (safe to repeat)',
  managesMigrations: true,
  input: () => ({}),
  async run(session) {
    const before = await appliedMigrations(session.db);
    await migrateDatabase(session.db);
    const after = await appliedMigrations(session.db);
    const applied = after - before;
    return {
      json: { migrations: { applied, total: after }, database: session.database },
      text:
        applied === 0
          ? `Database is up to date (${after} migrations; ${session.database}).`
          : `Applied ${applied} migration${applied === 1 ? '' : 's'} (${after} in total; ${session.database}).`,
    };
  },
});

/** Rows in drizzle's own journal; 0 before the first migration creates it. */
async function appliedMigrations(db: Database): Promise<number> {
  const [journal] = await db.execute<{ exists: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  );
  if (journal?.exists !== true) return 0;
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row?.n ?? 0;
}
