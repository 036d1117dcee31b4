// Issue #4's crash test, on a bulk backlog (broadcasts do not exist yet): SIGKILL the dispatcher and the
// gateway twice while submits are on the wire, restart them, and prove that every message ends in
// exactly one final state (or `unknown`), that none reached the SMSC twice, and that the history and
// the carrier ids agree with what the SMSC saw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencies } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { noJobQueue, type PgBossJobQueue, pgBossQueue, seedDemo, startBoss } from '@pregon/services';
import { normalizeMessageId } from '@pregon/smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBacklog } from '../crash/backlog.ts';
import { expireOrphanedJobs } from '../crash/expire-orphans.ts';
import { killHard, type Launched, launch, type PlatformEnv, waitReady } from '../crash/processes.ts';
import { type ReceiptStore, receiptStore } from '../crash/receipt-store.ts';
import { freePort } from '../embedded/index.ts';
import { type Simulator, type SubmittedMessage, startSimulator } from '../simulator/src/index.ts';

const N = 10_000;
const AGENCY = 'salut-valencia';
const SENDER = 'SALUT';
/** Submits to let through after each (re)start before the next SIGKILL. */
const SUBMITS_BEFORE_KILL = 1_500;
const FINAL = ['delivered', 'failed', 'expired', 'cancelled', 'rejected', 'unknown'] as const;
const destination = (i: number) => `+3460${String(i).padStart(7, '0')}`;

// The gateway claims, submits and records one window's worth at a time (max(10, window x binds) = 10
// here), claiming the next chunk and recording the last while one is on the wire: at most 3 chunks per
// submit worker are claimed but unrecorded, and a SIGKILL turns those into `unknown`. So the bound is
// 3 x 10 per bulk submit worker (binds + 1 = 2) per kill.
const CHUNKS_IN_FLIGHT = 3 * 10;
const BULK_SUBMIT_WORKERS = 2;
const KILLS = 2;
const UNKNOWN_BOUND = CHUNKS_IN_FLIGHT * BULK_SUBMIT_WORKERS * KILLS;

let t: TestDatabase;
let simulator: Simulator;
let boss: Awaited<ReturnType<typeof startBoss>>;
let queue: PgBossJobQueue;
let receipts: ReceiptStore;
let env: PlatformEnv;
let home: string;
let tenantId: string;
const running: Launched[] = [];
/** Every submit_sm the SMSC received, in order (the simulator's own history is bounded). */
const submits: SubmittedMessage[] = [];

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 25) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function startPlatform(): Promise<void> {
  running.push(launch('dispatcher', env), launch('gateway', env));
  await waitReady(env.httpPort);
}

async function killPlatform(): Promise<void> {
  await Promise.all(running.splice(0).map(killHard));
}

async function statusCounts(): Promise<Map<string, number>> {
  const rows = await t.db.$client<
    { status: string; n: number }[]
  >`select status, count(*)::int as n from messages group by status`;
  return new Map(rows.map((r) => [r.status, r.n]));
}

beforeAll(async () => {
  t = await createTestDatabase('crash');
  simulator = await startSimulator({
    receiptDelayMs: 100,
    responseDelayMs: 2,
    historyLimit: 4 * N,
    receiptAttempts: 10,
  });
  simulator.on('submit', (s) => submits.push(s));
  receipts = receiptStore(simulator);
  await seedDemo({
    ctx: { db: t.db, queue: noJobQueue },
    input: { smscHost: simulator.host, smscPort: simulator.port },
  });
  const agency = (await t.db.select({ id: agencies.id, slug: agencies.slug }).from(agencies)).find(
    (a) => a.slug === AGENCY,
  );
  if (agency === undefined) throw new Error(`the demo seed has no agency ${AGENCY}`);
  tenantId = agency.id;
  home = mkdtempSync(join(tmpdir(), 'pregon-crash-'));
  env = { databaseUrl: t.url, httpPort: await freePort(), smppPort: await freePort(), home };
  boss = await startBoss({ connectionString: t.url, max: 2 });
  queue = pgBossQueue(boss);
  await queue.refresh();
}, 90_000);

afterAll(async () => {
  await killPlatform();
  receipts?.stop();
  queue?.close();
  await boss?.stop({ graceful: false });
  await simulator?.close();
  await t?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('crash recovery (issue #4)', () => {
  it('SIGKILLed twice mid-submit: every message ends once, none is submitted twice', async () => {
    const started = Date.now();
    await startPlatform();
    // Routing prefers a link the gateway reported bound; wait for that rather than race it.
    await until(
      'the demo carrier to be reported bound',
      async () => {
        const rows = await t.db.$client<
          { n: number }[]
        >`select count(*)::int as n from carrier_links where state = 'bound'`;
        return (rows[0]?.n ?? 0) > 0;
      },
      60_000,
      200,
    );

    const recipients = Array.from({ length: N }, (_, i) => destination(i));
    const ids = await queueBacklog(t.db, queue, {
      tenantId,
      from: SENDER,
      recipients,
      lane: 'bulk',
      text: (i) => `Aviso ${i}`,
    });
    expect(ids).toHaveLength(N);

    const orphans: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const target = submits.length + SUBMITS_BEFORE_KILL;
      await until(`${target} submits before kill ${kill + 1}`, () => submits.length >= target, 90_000, 5);
      await killPlatform();
      console.log(`kill ${kill + 1}: SIGKILL at ${submits.length} submits`);
      orphans.push(await expireOrphanedJobs(t.db, boss));
      await startPlatform();
    }

    // Settle: everything final or unknown. Receipts the SMSC could not hand over while the gateway was
    // down are sent again (store-and-forward) once the rest is quiet.
    let quiet = 0;
    let last = '';
    await until(
      'every message to be final or unknown',
      async () => {
        const counts = await statusCounts();
        const open = ['accepted', 'scheduled', 'queued', 'submitted'].reduce(
          (n, s) => n + (counts.get(s) ?? 0),
          0,
        );
        if (open === 0) return true;
        const now = JSON.stringify([...counts].sort());
        quiet = now === last ? quiet + 1 : 0;
        last = now;
        const waiting = open - (counts.get('submitted') ?? 0);
        if (quiet >= 3 && waiting === 0) {
          const stuck = new Set(
            (
              await t.db.$client<
                { to_phone: string }[]
              >`select to_phone from messages where status = 'submitted'`
            ).map((r) => r.to_phone.replace(/^\+/, '')),
          );
          const sent = await receipts.redeliver(submits.filter((s) => stuck.has(s.destination)));
          console.log(`receipts sent again for ${sent} of ${stuck.size} submitted messages`);
          quiet = 0;
        }
        return false;
      },
      120_000,
      500,
    );

    // 1. Every message is in exactly one final state (or unknown).
    const counts = await statusCounts();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(N);
    for (const status of counts.keys()) expect(FINAL).toContain(status);

    // 2. Nothing reached the SMSC twice; an unknown message at most once.
    const perDestination = new Map<string, SubmittedMessage[]>();
    for (const s of submits)
      perDestination.set(s.destination, [...(perDestination.get(s.destination) ?? []), s]);
    const twice = [...perDestination].filter(([, list]) => list.length > 1).map(([d]) => d);
    expect(twice).toEqual([]);
    expect(submits.every((s) => s.destination.startsWith('3460'))).toBe(true);
    const rows = await t.db.$client<
      {
        to_phone: string;
        status: string;
        reason: string | null;
        carrier_message_ids: string[] | null;
      }[]
    >`select to_phone, status, reason, carrier_message_ids from messages`;
    const unknown = rows.filter((r) => r.status === 'unknown');
    for (const r of unknown) expect(r.reason).toBe('no_submit_response');
    const unknownReached = unknown.filter((r) => perDestination.has(r.to_phone.replace(/^\+/, ''))).length;

    // 3. Carrier ids are the SMSC's: every message with ids reached the SMSC once, under that id.
    let withIds = 0;
    for (const r of rows) {
      if (r.carrier_message_ids === null) continue;
      withIds += 1;
      const seen = perDestination.get(r.to_phone.replace(/^\+/, '')) ?? [];
      expect(seen).toHaveLength(1);
      expect(r.carrier_message_ids).toEqual(seen.map((s) => normalizeMessageId(s.messageId, 'hex')));
    }
    // A message delivered or submitted without reaching the SMSC would be a lie.
    for (const r of rows)
      if (r.status === 'delivered') expect(perDestination.has(r.to_phone.replace(/^\+/, ''))).toBe(true);

    // 4. History: never two rows of one status for one message; delivered ones went the whole way.
    const duplicates = await t.db.$client<{ n: number }[]>`
      select count(*)::int as n from (
        select message_id, status from message_events group by message_id, status having count(*) > 1
      ) d`;
    expect(duplicates[0]?.n).toBe(0);
    const incomplete = await t.db.$client<{ n: number }[]>`
      select count(*)::int as n from messages m
      where m.status = 'delivered' and (
        select count(distinct e.status) filter (where e.status in ('accepted', 'queued', 'delivered'))
        from message_events e where e.message_id = m.id
      ) <> 3`;
    expect(incomplete[0]?.n).toBe(0);
    const currentMissing = await t.db.$client<{ n: number }[]>`
      select count(*)::int as n from messages m
      where not exists (select 1 from message_events e where e.message_id = m.id and e.status = m.status)`;
    expect(currentMissing[0]?.n).toBe(0);

    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `crash test: ${N} messages, ${submits.length} submits, statuses ${JSON.stringify(Object.fromEntries(counts))}, ` +
        `unknown ${unknown.length} (${unknownReached} reached the SMSC), carrier ids ${withIds}, ` +
        `orphaned jobs expired ${JSON.stringify(orphans)}, receipts acknowledged ${receipts.acknowledged.size}, ${seconds} s`,
    );
    expect(unknown.length).toBeLessThanOrEqual(UNKNOWN_BOUND);
  }, 170_000);
});
