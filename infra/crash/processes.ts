// The gateway and the dispatcher as their own processes, launched like infra/start.ts does, so a test
// can SIGKILL them (no drain, no unbind, no job completion) and start them again.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ProcessName = 'gateway' | 'dispatcher';

const SCRIPTS: Record<ProcessName, string> = {
  gateway: 'apps/gateway/src/main.ts',
  dispatcher: 'apps/dispatcher/src/main.ts',
};

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export interface PlatformEnv {
  readonly databaseUrl: string;
  readonly httpPort: number;
  readonly smppPort: number;
  readonly home: string;
}

export interface Launched {
  readonly name: ProcessName;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
}

export function launch(name: ProcessName, env: PlatformEnv): Launched {
  const child = spawn(process.execPath, [root(SCRIPTS[name])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      HTTP_PORT: String(env.httpPort),
      SMPP_PORT: String(env.smppPort),
      PREGON_DB_POOL: '4',
      PREGON_QUEUE_NOTIFY: 'true',
      PREGON_HOME: env.home,
      LOG_LEVEL: 'warn',
    },
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { name, child, exited };
}

/** SIGKILL: the process gets no chance to finish anything. Resolves once it is gone. */
export async function killHard(p: Launched): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** Waits for the gateway's /readyz. */
export async function waitReady(httpPort: number, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the gateway on port ${httpPort} was not ready within ${timeoutMs} ms`);
}
