// `pnpm start`: the whole platform on one machine. The embedded database (or DATABASE_URL), migrations,
// the SMSC simulator, the demo seed, then the gateway and the dispatcher as their own processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrateDatabase, openDatabase } from '@pregon/db';
import {
  createCarrierSecrets,
  decodeSecretKey,
  loadSecretKey,
  noJobQueue,
  PROCESS_NODE_FLAGS,
  seedDemo,
} from '@pregon/services';
import { DEFAULT_HOME, freePort, openEmbeddedDatabase } from './embedded/index.ts';
import { startSimulator } from './simulator/src/index.ts';

const env = process.env;
const httpPort = Number(env.HTTP_PORT ?? 3000);
const simulatorPort = Number(env.PREGON_SIMULATOR_PORT ?? 0);
if (!Number.isInteger(httpPort) || httpPort < 1 || httpPort > 65535)
  throw new Error(`HTTP_PORT must be a port number, got "${env.HTTP_PORT}"`);
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const embedded = env.DATABASE_URL
  ? null
  : await openEmbeddedDatabase(env.PREGON_HOME ? { home: env.PREGON_HOME } : {});
if (embedded && !embedded.owned) {
  throw new Error(
    'Another `pnpm start` is already running on this data directory (its embedded database answers). Stop it first.',
  );
}
const databaseUrl = env.DATABASE_URL ?? embedded?.url ?? '';
// The embedded server has one shared session: every pool must be a pool of one.
const pool = embedded ? '1' : (env.PREGON_DB_POOL ?? '8');

const setup = openDatabase({ url: databaseUrl, max: 1, applicationName: 'pregon-start' });
await migrateDatabase(setup.db);
const simulator = await startSimulator({ port: simulatorPort || (await freePort()), receiptDelayMs: 500 });
const secretKey = env.PREGON_SECRET_KEY ? decodeSecretKey(env.PREGON_SECRET_KEY) : undefined;
if (env.PREGON_SECRET_KEY && !secretKey) throw new Error('PREGON_SECRET_KEY must be 32 bytes in base64');
const secrets = createCarrierSecrets(() =>
  loadSecretKey({ key: secretKey, home: env.PREGON_HOME ?? DEFAULT_HOME }),
);
const demo = await seedDemo({
  ctx: { db: setup.db, queue: noJobQueue, secrets },
  input: { smscHost: simulator.host, smscPort: simulator.port },
});
await setup.close();

const children: ChildProcess[] = [];
let stopping = false;
function launch(name: string, script: string): ChildProcess {
  const child = spawn(process.execPath, [...PROCESS_NODE_FLAGS, root(script)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...env,
      DATABASE_URL: databaseUrl,
      PREGON_DB_POOL: pool,
      PREGON_QUEUE_NOTIFY: embedded ? 'false' : (env.PREGON_QUEUE_NOTIFY ?? 'true'),
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    },
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping the platform`);
    void shutdown(1);
  });
  children.push(child);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Gateway and dispatcher drain on SIGTERM (SMPP unbind, in-flight jobs); the database goes last.
  await Promise.all(children.map(stopChild));
  await simulator.close();
  await embedded?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

launch('dispatcher', 'apps/dispatcher/src/main.ts');
launch('gateway', 'apps/gateway/src/main.ts');

const base = `http://127.0.0.1:${httpPort}`;
for (let i = 0; ; i++) {
  const ready = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ready) break;
  if (i === 300) {
    console.error('the gateway did not become ready within 60 s');
    await shutdown(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

const first = demo.agencies[0];
const lines = [
  '',
  `Pregón is running. Console: ${base}/   API reference: ${base}/docs`,
  `Database: ${embedded ? 'embedded PGlite (.pregon/)' : 'DATABASE_URL'}   SMSC simulator: ${simulator.host}:${simulator.port}`,
  '',
  `Platform admin: ${demo.platformAdmin.email} / ${demo.platformAdmin.password}`,
  ...demo.agencies.map(
    (a) => `${a.name.padEnd(36)} ${a.adminEmail} / ${a.adminPassword}   API key: ${a.apiKey}`,
  ),
  '',
  'Send one:',
  `  curl -s ${base}/v1/messages -H 'Authorization: Bearer ${first?.apiKey}' -H 'Content-Type: application/json' \\`,
  `       -d '{"to":"+34600000001","text":"Hola desde Pregón"}'`,
  '',
];
console.log(lines.join('\n'));
