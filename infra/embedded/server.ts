// The embedded database process: PGlite (PostgreSQL compiled to WASM) with its data on disk, served
// over the Postgres wire protocol so every Pregón process talks to it like to a real server.
// In its own process because PGlite blocks the event loop while it runs a query.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepProtocolCyclesWhole } from './protocol-cycles.ts';

const { values } = parseArgs({ options: { home: { type: 'string' }, port: { type: 'string' } } });
if (!values.home || !values.port) throw new Error('usage: server.ts --home <dir> --port <port>');
const home = values.home;
const port = Number(values.port);
const infoFile = join(home, 'pglite.json');

const db = await PGlite.create({ dataDir: join(home, 'pgdata') });
// One PGlite session is shared by all connections; each client must use a pool of one.
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 });
keepProtocolCyclesWhole(server);
await server.start();
writeFileSync(infoFile, JSON.stringify({ port, pid: process.pid, startedAt: new Date().toISOString() }));
process.stdout.write(`ready ${port}\n`);

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  rmSync(infoFile, { force: true });
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
