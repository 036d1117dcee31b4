// The platform as production runs it: the gateway and the dispatcher as their own processes, launched
// like infra/start.ts does, around a database of their own with the demo seed and an SMSC simulator.
// The crash tests SIGKILL the processes and start them again; the blast and share benchmarks time them.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { type DemoSeed, noJobQueue, PROCESS_NODE_FLAGS, seedDemo } from '@pregon/services';
import postgres from 'postgres';
import { freePort } from '../embedded/index.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator/src/index.ts';

/** `urgent`: a second dispatcher with PREGON_DISPATCHER_ROLE=urgent (the first then runs `bulk`). */
export type ProcessName = 'gateway' | 'dispatcher' | 'urgent';

const SCRIPTS: Record<ProcessName, string> = {
  gateway: 'apps/gateway/src/main.ts',
  dispatcher: 'apps/dispatcher/src/main.ts',
  urgent: 'apps/dispatcher/src/main.ts',
};

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export interface PlatformEnv {
  readonly databaseUrl: string;
  readonly httpPort: number;
  readonly smppPort: number;
  readonly home: string;
}

/** What a caller adds to each child process. */
export interface ChildOptions {
  /** Node flags put before the script, e.g. `['--cpu-prof', '--cpu-prof-dir=.bench/profiles']`. */
  readonly nodeFlags?: readonly string[];
  /** Variables set last, so they can override the launcher's own (PREGON_DB_POOL, LOG_LEVEL, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Launched {
  readonly name: ProcessName;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
}

const running = (p: Launched) => p.child.exitCode === null && p.child.signalCode === null;

export function launch(name: ProcessName, env: PlatformEnv, children: ChildOptions = {}): Launched {
  // The caller's flags after ours: a later --max-old-space-size wins.
  const flags = [...PROCESS_NODE_FLAGS, ...(children.nodeFlags ?? [])];
  const child = spawn(process.execPath, [...flags, root(SCRIPTS[name])], {
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
      ...children.env,
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
  if (running(p)) p.child.kill('SIGKILL');
  await p.exited;
}

/** SIGTERM (drain, unbind, exit; `--cpu-prof` writes its profile then), SIGKILL after `graceMs`. */
export async function stopGracefully(processes: readonly Launched[], graceMs = 15_000): Promise<void> {
  for (const p of processes) if (running(p)) p.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([Promise.all(processes.map((p) => p.exited)), grace]);
  clearTimeout(timer);
  await Promise.all(processes.map(killHard));
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

export interface ProcessStackOptions {
  /** Names the test database and the temporary PREGON_HOME. */
  readonly label: string;
  readonly simulator: SimulatorOptions;
  readonly children?: ChildOptions | undefined;
  /**
   * Run the dispatcher as two processes, `bulk` and `urgent` (PREGON_DISPATCHER_ROLE, ADR 0008), as
   * production would on election night; default one process running everything.
   */
  readonly splitDispatcher?: boolean;
}

export interface StartedProcesses {
  readonly gateway: Launched;
  readonly dispatcher: Launched;
  /** Only with `splitDispatcher`. */
  readonly urgent?: Launched;
}

export interface ProcessStack {
  readonly t: TestDatabase;
  /** One connection that sees every tenant's rows (`row_security` off, so it needs a superuser). */
  readonly observer: postgres.Sql;
  readonly simulator: Simulator;
  /** Seeded against the simulator; the demo carrier has one bind with a window of 10. */
  readonly demo: DemoSeed;
  /** Ports picked free once, kept across restarts. */
  readonly env: PlatformEnv;
  readonly baseUrl: string;
  /** Processes that exited without being killed or stopped (a crash nobody caused). */
  readonly died: readonly string[];
  /** Launches the dispatcher, then the gateway, and waits for the gateway's /readyz. */
  start(readyTimeoutMs?: number): Promise<StartedProcesses>;
  /** SIGKILLs the running processes (both unless named). */
  kill(...names: ProcessName[]): Promise<void>;
  /** Stops the processes, then closes the simulator and the observer, drops the database (kept with
   * PREGON_KEEP_TEST_DB=1) and removes PREGON_HOME. */
  close(): Promise<void>;
}

/** A database with the demo seed and an SMSC simulator; `start()` launches the platform's processes. */
export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  const t = await createTestDatabase(options.label);
  const home = await mkdtemp(join(tmpdir(), `pregon-${options.label}-`));
  const observer = postgres(t.url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: `pregon-${options.label}-observer`, row_security: 'off' },
  });
  let simulator: Simulator | undefined;
  const release = async () => {
    await simulator?.close();
    await observer.end({ timeout: 5 });
    await t.drop();
    await rm(home, { recursive: true, force: true });
  };
  let demo: DemoSeed;
  let env: PlatformEnv;
  try {
    simulator = await startSimulator(options.simulator);
    demo = await seedDemo({
      ctx: { db: t.db, queue: noJobQueue },
      input: { smscHost: simulator.host, smscPort: simulator.port },
    });
    env = { databaseUrl: t.url, httpPort: await freePort(), smppPort: await freePort(), home };
  } catch (error) {
    await release();
    throw error;
  }

  const live: Launched[] = [];
  const ended = new Set<Launched>();
  const died: string[] = [];
  /** Takes the named processes (all when none) off the live list, so their exit is not a death. */
  const retire = (names: readonly ProcessName[]) => {
    const victims = live.filter((p) => names.length === 0 || names.includes(p.name));
    for (const v of victims) {
      ended.add(v);
      live.splice(live.indexOf(v), 1);
    }
    return victims;
  };
  return {
    t,
    observer,
    simulator,
    demo,
    env,
    baseUrl: `http://127.0.0.1:${env.httpPort}`,
    died,
    async start(readyTimeoutMs) {
      const role = (r: string): ChildOptions => ({
        ...options.children,
        env: { ...options.children?.env, PREGON_DISPATCHER_ROLE: r },
      });
      const urgent = options.splitDispatcher ? launch('urgent', env, role('urgent')) : undefined;
      const dispatcher = launch('dispatcher', env, options.splitDispatcher ? role('bulk') : options.children);
      const gateway = launch('gateway', env, options.children);
      for (const p of [dispatcher, gateway, ...(urgent ? [urgent] : [])]) {
        live.push(p);
        void p.exited.then(() => {
          if (!ended.has(p))
            died.push(`the ${p.name} exited on its own (${p.child.exitCode ?? p.child.signalCode})`);
        });
      }
      await waitReady(env.httpPort, readyTimeoutMs);
      return { dispatcher, gateway, ...(urgent ? { urgent } : {}) };
    },
    async kill(...names) {
      await Promise.all(retire(names).map(killHard));
    },
    async close() {
      await stopGracefully(retire([]));
      await release();
    },
  };
}
