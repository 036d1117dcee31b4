import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../embedded/index.ts';

// `pnpm start` exactly as a person runs it, without DATABASE_URL: embedded PGlite, separate processes.
const START = fileURLToPath(new URL('../start.ts', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'pregon-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function startPlatform(port: number, smppPort: number): Promise<{ output: () => string; banner: string }> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  child = spawn(process.execPath, [START], {
    env: {
      ...env,
      PREGON_HOME: home,
      HTTP_PORT: String(port),
      SMPP_PORT: String(smppPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Send one:')) {
        clearInterval(timer);
        resolve({ output: () => out, banner: out });
      }
    }, 100);
    child?.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`pnpm start exited early (${code}):\n${out}`));
    });
  });
}

describe('pnpm start on the embedded database', () => {
  it('starts, prints demo logins and keys, delivers a message, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { banner } = await startPlatform(port, await freePort());
    expect(banner).toContain(`Console: http://127.0.0.1:${port}/`);
    expect(banner).toContain('operator@pregon.demo');
    const key = /API key: (prg_live_\w+)/.exec(banner)?.[1];
    expect(key).toBeDefined();

    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+34600000001', text: 'Prueba de humo' }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 100 && status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const m = await fetch(`${base}/v1/messages/${id}`, { headers: { authorization: `Bearer ${key}` } });
      status = ((await m.json()) as { status: string }).status;
    }
    expect(status).toBe('delivered');

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
