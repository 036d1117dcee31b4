import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { createSmppClient, noJobQueue, type SmppClientView } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../embedded/index.ts';
import { type Stack, startStack } from '../stack.ts';

// Debian's kannel package (installed by .ci/run): an independent ESME implementation.
const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';

let t: TestDatabase;
let stack: Stack;
let client: SmppClientView;
let dir: string;
let dlrServer: Server;
const dlrs: URLSearchParams[] = [];
const children: ChildProcess[] = [];
let sendsmsPort = 0;

function kannelConf(p: { admin: number; smsbox: number; sendsms: number; smpp: number }): string {
  return `
group = core
admin-port = ${p.admin}
admin-password = pregon-test
smsbox-port = ${p.smsbox}
box-allow-ip = 127.0.0.1
admin-allow-ip = 127.0.0.1
log-file = "${dir}/bearerbox.log"
log-level = 0
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = pregon
host = 127.0.0.1
port = ${p.smpp}
transceiver-mode = true
smsc-username = ${client.systemId}
smsc-password = kannelpw
system-type = ""
enquire-link-interval = 30
reconnect-delay = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${p.smsbox}
sendsms-port = ${p.sendsms}
log-file = "${dir}/smsbox.log"
log-level = 0

group = sendsms-user
username = agency
password = agencypw

group = sms-service
keyword = default
text = "unused"
`;
}

function run(binary: string, conf: string): ChildProcess {
  const child = spawn(binary, [conf], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function eventually<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms; logs in ${dir}`);
}

beforeAll(async () => {
  if (!existsSync(BEARERBOX) || !existsSync(SMSBOX)) {
    throw new Error('Kannel is not installed: apt-get install -y kannel (.ci/run does this)');
  }
  t = await createTestDatabase('kannel_esme');
  stack = await startStack({ databaseUrl: t.url });
  client = await createSmppClient({
    ctx: { db: t.db, queue: noJobQueue },
    input: { agencySlug: 'salut-valencia', systemId: 'kannel-his', password: 'kannelpw' },
    actor: { kind: 'cli' },
  });
  dir = mkdtempSync(path.join(tmpdir(), 'pregon-kannel-'));
  dlrServer = createServer((req, res) => {
    dlrs.push(new URL(req.url ?? '/', 'http://localhost').searchParams);
    res.end('ok');
  });
  await new Promise<void>((resolve) => dlrServer.listen(0, '127.0.0.1', resolve));
  const ports = { admin: await freePort(), smsbox: await freePort(), sendsms: await freePort() };
  sendsmsPort = ports.sendsms;
  const conf = path.join(dir, 'kannel.conf');
  writeFileSync(conf, kannelConf({ ...ports, smpp: stack.gateway.smppListener.port }));
  run(BEARERBOX, conf);
  await eventually('bearerbox binding to our listener', async () =>
    stack.gateway.smppListener.binds(client.id) > 0 ? true : null,
  );
  run(SMSBOX, conf);
  await eventually(
    'smsbox sendsms HTTP',
    async () => (await fetch(`http://127.0.0.1:${sendsmsPort}/`)) && true,
  );
}, 90_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  );
  dlrServer?.close();
  await stack?.stop();
  await t?.drop();
  if (dir && process.env.PREGON_KEEP_TEST_DB !== '1') rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('Kannel bearerbox as an ESME bound to our listener', () => {
  it('submits through our pipeline, and Kannel gets the delivery receipt for our message id', async () => {
    const dlrPort = (dlrServer.address() as { port: number }).port;
    const dlrUrl = `http://127.0.0.1:${dlrPort}/dlr?type=%d&id=%F`;
    const query = new URLSearchParams({
      username: 'agency',
      password: 'agencypw',
      from: 'SALUT',
      to: '+34600000099',
      text: 'Recordatori: cita dimarts 9:15',
      'dlr-mask': '3',
      'dlr-url': dlrUrl,
    });
    const res = await fetch(`http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms?${query}`);
    expect(res.status, await res.clone().text()).toBe(202);

    const row = await eventually('the message delivered at our simulator', async () => {
      const rows = await t.db.execute<{ id: string; origin: string; status: string; body: string }>(
        `select id, origin, status, body from messages where to_phone = '+34600000099'`,
      );
      return rows[0]?.status === 'delivered' ? rows[0] : null;
    });
    expect(row).toMatchObject({ origin: 'smpp', body: 'Recordatori: cita dimarts 9:15' });
    expect(stack.simulator.submits.some((s) => s.destination === '34600000099')).toBe(true);

    // Kannel matched our deliver_sm receipt to its submit (by our id) and reported it delivered (type 1).
    const dlr = await eventually(
      'Kannel calling the dlr-url',
      async () => dlrs.find((d) => d.get('type') === '1') ?? null,
    );
    expect(dlr.get('id')).toBe(row.id);
    expect(readFileSync(path.join(dir, 'bearerbox.log'), 'utf8')).not.toMatch(/ERROR: SMPP\[pregon\]/);
  }, 60_000);
});
