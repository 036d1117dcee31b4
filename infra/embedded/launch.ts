import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `pnpm start` keeps its embedded data: `.pregon/` at the repository root. */
export const DEFAULT_HOME = fileURLToPath(new URL('../../.pregon', import.meta.url));
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

export interface EmbeddedDatabase {
  url: string;
  /** True when this call started the server (and stop() ends it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/**
 * The embedded PGlite database: joins the one a running `pnpm start` serves (advertised in
 * `<home>/pglite.json`), or starts one in a child process for as long as the caller needs it.
 */
export async function openEmbeddedDatabase(options: { home?: string } = {}): Promise<EmbeddedDatabase> {
  const home = options.home ?? DEFAULT_HOME;
  mkdirSync(home, { recursive: true });
  const info = join(home, 'pglite.json');
  if (existsSync(info)) {
    const { port } = JSON.parse(readFileSync(info, 'utf8')) as { port: number };
    if (await reachable(port)) return { url: urlFor(port), owned: false, stop: async () => {} };
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [SERVER, '--home', home, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`ready ${port}`)) resolve();
    });
    child.once('exit', (code) =>
      reject(
        new Error(`embedded database exited during start (code ${code}); is another one using ${home}?`),
      ),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: urlFor(port),
    owned: true,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
