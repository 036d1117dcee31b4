import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './drive-smpp.ts';

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const USER = 'bench';
const PASSWORD = 'bench';

export interface KannelOptions {
  /** The sink SMSC's port on 127.0.0.1. */
  readonly smscPort: number;
  /** max-pending-submits: Kannel's SMPP window. */
  readonly window: number;
  /** Wait for the SMPP bind before returning (default true); false when the sink is started later. */
  readonly waitOnline?: boolean;
}

export interface Kannel {
  /** http://127.0.0.1:<port>/cgi-bin/sendsms */
  readonly sendsmsUrl: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

function config(o: KannelOptions, dir: string, ports: { admin: number; smsbox: number; http: number }) {
  // One transmitter bind (no receive-port, no transceiver-mode), no store file, no DLRs requested.
  return `group = core
admin-port = ${ports.admin}
admin-password = ${PASSWORD}
smsbox-port = ${ports.smsbox}
box-allow-ip = 127.0.0.1
log-file = "${join(dir, 'bearerbox.log')}"
log-level = 2

group = smsc
smsc = smpp
smsc-id = sink
host = 127.0.0.1
port = ${o.smscPort}
smsc-username = ${USER}
smsc-password = ${PASSWORD}
system-type = VMA
max-pending-submits = ${o.window}
reconnect-delay = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.http}
log-file = "${join(dir, 'smsbox.log')}"
log-level = 2

group = sendsms-user
username = ${USER}
password = ${PASSWORD}
max-messages = 1
`;
}

/** Starts bearerbox and smsbox in a temporary directory, bound to the sink; resolves once both are up. */
export async function startKannel(o: KannelOptions): Promise<Kannel> {
  for (const bin of [BEARERBOX, SMSBOX])
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install kannel`);
  const dir = await mkdtemp(join(tmpdir(), 'pregon-kannel-'));
  const ports = { admin: await freePort(), smsbox: await freePort(), http: await freePort() };
  const conf = join(dir, 'kannel.conf');
  await writeFile(conf, config(o, dir, ports));
  const children: ChildProcess[] = [];
  const stop = async () => {
    // smsbox first, so bearerbox does not queue for a box that is going away.
    for (const child of children.reverse()) await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    children.push(spawn(BEARERBOX, ['-v', '2', conf], { stdio: 'ignore' }));
    const status = `http://127.0.0.1:${ports.admin}/status.txt?password=${PASSWORD}`;
    await until(
      o.waitOnline === false ? 'bearerbox' : 'bearerbox to bind to the sink',
      async () => {
        const body = await text(status);
        return o.waitOnline === false ? body !== '' : /online/.test(body);
      },
      children,
    );
    children.push(spawn(SMSBOX, ['-v', '2', conf], { stdio: 'ignore' }));
    await until('smsbox to connect', async () => /smsbox:/.test(await text(status)), children);
    const sendsmsUrl = `http://127.0.0.1:${ports.http}/cgi-bin/sendsms`;
    await until('smsbox to serve sendsms', async () => (await text(sendsmsUrl)) !== '', children);
    return { sendsmsUrl, username: USER, password: PASSWORD, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function text(url: string): Promise<string> {
  try {
    const res = await fetch(url);
    return await res.text();
  } catch {
    return ''; // not listening yet
  }
}

async function until(what: string, check: () => Promise<boolean>, children: ChildProcess[]) {
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead) throw new Error(`a Kannel process exited (${dead.exitCode}) while waiting for ${what}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface SendsmsLoad {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly accepted: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
}

/** `messages` GET /cgi-bin/sendsms from `concurrency` keep-alive workers, one recipient each. */
export async function pushSendsms(
  kannel: Kannel,
  messages: number,
  concurrency: number,
  message: (i: number) => { to: string; from: string; text: string },
): Promise<SendsmsLoad> {
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  let accepted = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < messages; i = next++) {
      const m = message(i);
      const query = new URLSearchParams({
        username: kannel.username,
        password: kannel.password,
        from: m.from,
        to: m.to,
        text: m.text,
      });
      try {
        const res = await fetch(`${kannel.sendsmsUrl}?${query}`);
        await res.arrayBuffer();
        if (res.status === 202) accepted += 1;
        else refused[String(res.status)] = (refused[String(res.status)] ?? 0) + 1;
      } catch (cause) {
        refused.network = (refused.network ?? 0) + 1;
        if (errors.length < 5) errors.push(cause instanceof Error ? cause.message : String(cause));
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { startedAt, finishedAt: performance.now(), accepted, refused, errors };
}
