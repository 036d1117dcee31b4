import { type Database, migrateDatabase, openDatabase } from '@pregon/db';
import { AppError } from '@pregon/domain';
import type { CliEnv } from './env.ts';

export interface CliDatabase {
  db: Database;
  kind: 'DATABASE_URL' | 'embedded';
  /** Its connection string, for commands that also open the job queue on it. */
  url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Migrate a database the CLI started itself, so a fresh machine works (not for `migrate`). */
  migrateOwned: boolean;
  log(line: string): void;
}

/**
 * The database `pnpm start` uses, with the same defaults: DATABASE_URL when set, else the embedded
 * PGlite server (the running one, or one started for this command).
 */
export async function openCliDatabase(env: CliEnv, options: OpenOptions): Promise<CliDatabase> {
  if (env.databaseUrl !== undefined) {
    const handle = openDatabase({ url: env.databaseUrl, max: 2, applicationName: 'pregon-cli' });
    return { db: handle.db, kind: 'DATABASE_URL', url: env.databaseUrl, close: () => handle.close() };
  }
  const { openEmbeddedDatabase } = await loadEmbeddedLauncher();
  const server = await openEmbeddedDatabase(env.home === undefined ? {} : { home: env.home });
  // PGlite serves one session: a pool of one, or statements interleave across transactions.
  const handle = openDatabase({ url: server.url, max: 1, applicationName: 'pregon-cli' });
  const close = async () => {
    try {
      await handle.close();
    } finally {
      await server.stop();
    }
  };
  if (server.owned) {
    options.log('pregon: no `pnpm start` running; started the embedded database for this command');
    if (options.migrateOwned) {
      try {
        await migrateDatabase(handle.db);
      } catch (error) {
        await close();
        throw error;
      }
    }
  }
  return { db: handle.db, kind: 'embedded', url: server.url, close };
}

async function loadEmbeddedLauncher(): Promise<typeof import('@pregon/infra/embedded')> {
  try {
    return await import('@pregon/infra/embedded');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      throw new AppError(
        'UNAVAILABLE',
        'DATABASE_URL is not set and the embedded database (@pregon/infra/embedded) is not available',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
