import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';

export const DRIVE_SMPP = '/usr/lib/kannel/test/drive_smpp';
/** drive_smpp connects to a bearerbox's smsbox port here on its first ESME; the port is compiled in. */
export const DRIVE_SMPP_SMSBOX_PORT = 13001;

/** The line drive_smpp logs at debug level for every submit_sm it answers (test/drive_smpp.c). */
const SUBMIT_LINE = 'submit_sm: short_message = <';
/** Logged for every PDU; the first bind tells when an ESME's bind arrived. */
const BIND_LINE = 'Handling SMPP PDU of type bind_';

export interface SubmitSink {
  readonly port: number;
  /** submit_sm answered so far. */
  submits(): number;
  /** performance.now() when the count was last seen to grow, or null before the first submit. */
  lastSubmitAt(): number | null;
  firstSubmitAt(): number | null;
  /** performance.now() when the first bind PDU was seen, or null. */
  firstBindAt(): number | null;
  /** The longest time, in ms, between two submits seen (a stall in the sender shows here). */
  longestGapMs(): number;
  /** Resolves once `n` submits were seen, or with false after `timeoutMs`. */
  waitFor(n: number, timeoutMs: number): Promise<boolean>;
  /** True once the process has exited (drive_smpp quits when any ESME connection closes). */
  exited(): boolean;
  stop(): Promise<void>;
}

/**
 * Kannel's test SMSC as a submit sink: `drive_smpp -m 0 -v 0` answers bind_transmitter, bind_receiver,
 * submit_sm (an empty message_id, never a receipt) and enquire_link; it sends no MO with -m 0. It does
 * not answer bind_transceiver, and it exits when any ESME disconnects, so each run gets its own one.
 * Submits are counted from its debug log on stderr as the lines arrive.
 */
export async function startDriveSmpp(port: number): Promise<SubmitSink> {
  if (!existsSync(DRIVE_SMPP)) throw new Error(`${DRIVE_SMPP} is missing: apt-get install kannel-extras`);
  const child = spawn(DRIVE_SMPP, ['-p', String(port), '-m', '0', '-v', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let count = 0;
  let first: number | null = null;
  let last: number | null = null;
  let bound: number | null = null;
  let longestGap = 0;
  let carry = '';
  let exited = false;
  let waiters: Array<{ n: number; resolve: (ok: boolean) => void }> = [];
  const stderr = child.stderr;
  if (stderr === null) throw new Error('drive_smpp has no stderr pipe');
  stderr.setEncoding('latin1');
  stderr.on('data', (chunk: string) => {
    const text = carry + chunk;
    if (bound === null && text.includes(BIND_LINE)) bound = performance.now();
    // A marker that lay wholly inside the carried tail was counted with the previous chunk.
    let at = text.indexOf(SUBMIT_LINE);
    let seen = 0;
    while (at !== -1) {
      if (at + SUBMIT_LINE.length > carry.length) seen += 1;
      at = text.indexOf(SUBMIT_LINE, at + SUBMIT_LINE.length);
    }
    carry = text.slice(Math.max(0, text.length - BIND_LINE.length));
    if (seen === 0) return;
    const now = performance.now();
    if (last !== null) longestGap = Math.max(longestGap, now - last);
    first ??= now;
    last = now;
    count += seen;
    waiters = waiters.filter((w) => {
      if (count < w.n) return true;
      w.resolve(true);
      return false;
    });
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const w of waiters) w.resolve(false);
      waiters = [];
      resolve();
    }),
  );
  await waitListening(child, port);
  return {
    port,
    submits: () => count,
    lastSubmitAt: () => last,
    firstSubmitAt: () => first,
    firstBindAt: () => bound,
    longestGapMs: () => longestGap,
    exited: () => exited,
    waitFor(n, timeoutMs) {
      if (count >= n) return Promise.resolve(true);
      if (exited) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const waiter = { n, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs).unref();
      });
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

async function waitListening(child: ChildProcess, port: number): Promise<void> {
  const until = performance.now() + 5_000;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`drive_smpp exited with ${child.exitCode} on port ${port}`);
    if (await portTaken(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  throw new Error(`drive_smpp did not listen on port ${port} within 5 s`);
}

/**
 * True when something listens on `port`. It tries to bind rather than connect: drive_smpp ends its
 * whole run when any connection to it closes, a probe's included.
 */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true)); // taken: drive_smpp is listening
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(false)));
  });
}

/**
 * Holds drive_smpp's compiled-in smsbox port: without a peer there it panics 3 s after its first ESME.
 * Accepts and keeps connections open, says nothing. Fails loudly if something else owns the port.
 */
export async function holdSmsboxPort(): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => sockets.delete(socket));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(
          `port ${DRIVE_SMPP_SMSBOX_PORT} is taken; drive_smpp needs it for its smsbox connection (${error.message})`,
        ),
      ),
    );
    server.listen(DRIVE_SMPP_SMSBOX_PORT, '127.0.0.1', resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
