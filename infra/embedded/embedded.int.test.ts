import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, openEmbeddedDatabase } from './launch.ts';

const home = mkdtempSync(join(tmpdir(), 'pregon-embedded-'));
let server: EmbeddedDatabase;

beforeAll(async () => {
  server = await openEmbeddedDatabase({ home });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('embedded PGlite server', () => {
  it('keeps concurrent clients’ extended-protocol cycles apart on its one session', async () => {
    // node-postgres (inside pg-boss) uses the unnamed statement: interleaved cycles would collide.
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: server.url }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const results = await Promise.all(
        clients.map((client, c) =>
          Promise.all(
            Array.from({ length: 150 }, async (_, i) => {
              const { rows } = await client.query<{ v: string }>('select $1::text as v', [`${c}:${i}`]);
              return rows[0]?.v === `${c}:${i}`;
            }),
          ),
        ),
      );
      expect(results.flat().every(Boolean)).toBe(true);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('is joined, not started twice, by a second caller on the same data directory', async () => {
    const again = await openEmbeddedDatabase({ home });
    expect(again.owned).toBe(false);
    expect(again.url).toBe(server.url);
  });

  it('keeps data across a restart', async () => {
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    await sql`create table if not exists kept (v text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    await server.stop();
    server = await openEmbeddedDatabase({ home });
    const again = postgres(server.url, { max: 1, onnotice: () => {} });
    const rows = await again<{ v: string }[]>`select v from kept`;
    await again.end();
    expect(rows.map((r) => r.v)).toEqual(['still here']);
  });
});
