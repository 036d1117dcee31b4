// What a crash test needs around the processes it kills: its own database with the demo seed, an SMSC
// simulator that records every submit_sm, a pg-boss handle to expire the dead processes' jobs, the
// gateway and the dispatcher as processes, and a settle loop that plays the SMSC's store-and-forward
// for receipts lost while the gateway was down.
import { agencies } from '@pregon/db';
import type { TestDatabase } from '@pregon/db/testing';
import { type DemoSeed, type PgBossJobQueue, pgBossQueue, startBoss } from '@pregon/services';
import { type PlatformEnv, type ProcessName, startProcessStack } from '../platform/processes.ts';
import type { Simulator, SubmittedMessage } from '../simulator/src/index.ts';
import { expireOrphanedJobs } from './expire-orphans.ts';
import { type ReceiptStore, receiptStore } from './receipt-store.ts';

/** Statuses a message can end in; `unknown` is the reported one of a submit cut by a crash. */
export const FINAL_STATUSES = ['delivered', 'failed', 'expired', 'cancelled', 'rejected', 'unknown'] as const;
const OPEN_STATUSES = ['accepted', 'scheduled', 'queued', 'submitted'] as const;

// docs/smpp.md "Claim, write, record": per carrier and gateway process, claims run at most
// claimAhead = max(20, window x binds) ahead of the writes, and at most claimAhead + W + max(30, 2 x W)
// messages are between claim and record. A SIGKILL turns those `unknown`; the demo carrier (window 10,
// one bind) makes that 60, of which at most 20 never reached the SMSC.
export const UNKNOWN_BOUND_PER_KILL = 60;
export const UNSENT_UNKNOWN_BOUND_PER_KILL = 20;

export async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 25,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

type Boss = Awaited<ReturnType<typeof startBoss>>;

export interface CrashHarness {
  readonly t: TestDatabase;
  readonly simulator: Simulator;
  readonly boss: Boss;
  readonly queue: PgBossJobQueue;
  readonly receipts: ReceiptStore;
  readonly env: PlatformEnv;
  readonly demo: DemoSeed;
  /** Every submit_sm the SMSC received, in order (the simulator's own history is bounded). */
  readonly submits: SubmittedMessage[];
  /** Active jobs expired after each kill. */
  readonly orphans: number[];
  /** Processes that exited without being killed (a crash the test did not cause). */
  readonly died: readonly string[];
  /** `until`, failing at once when a process died on its own instead of timing out. */
  waitFor(
    what: string,
    ok: () => boolean | Promise<boolean>,
    timeoutMs: number,
    everyMs?: number,
  ): Promise<void>;
  tenantId(slug: string): Promise<string>;
  /** Launches both processes and waits until the demo carrier is reported bound. */
  start(): Promise<void>;
  /** SIGKILLs the running processes (both unless named). */
  kill(...names: ProcessName[]): Promise<void>;
  /** SIGKILLs both, expires the jobs they held and starts them again. */
  crashAndRestart(): Promise<void>;
  statusCounts(): Promise<Map<string, number>>;
  /** Waits until no message is open, redelivering receipts the SMSC could not hand over. */
  settle(timeoutMs: number): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function startCrashHarness(options: {
  name: string;
  /** Expected submits; sizes the simulator's history. */
  messages: number;
}): Promise<CrashHarness> {
  const stack = await startProcessStack({
    label: options.name,
    simulator: {
      receiptDelayMs: 100,
      responseDelayMs: 2,
      historyLimit: 4 * options.messages,
      receiptAttempts: 10,
    },
  });
  const { t, simulator, demo, env, died } = stack;
  const submits: SubmittedMessage[] = [];
  simulator.on('submit', (s) => submits.push(s));
  const receipts = receiptStore(simulator);
  const boss = await startBoss({ connectionString: t.url, max: 2 });
  const queue = pgBossQueue(boss);
  await queue.refresh();
  const orphans: number[] = [];
  const waitFor: CrashHarness['waitFor'] = (what, ok, timeoutMs, everyMs) =>
    until(
      what,
      () => {
        if (died.length > 0) throw new Error(`waiting for ${what}: ${died.join('; ')}`);
        return ok();
      },
      timeoutMs,
      everyMs,
    );

  const statusCounts = async () => {
    const rows = await t.db.$client<
      { status: string; n: number }[]
    >`select status, count(*)::int as n from messages group by status`;
    return new Map(rows.map((r) => [r.status, r.n]));
  };

  const harness: CrashHarness = {
    t,
    simulator,
    boss,
    queue,
    receipts,
    env,
    demo,
    submits,
    orphans,
    died,
    waitFor,
    async tenantId(slug) {
      const agency = (await t.db.select({ id: agencies.id, slug: agencies.slug }).from(agencies)).find(
        (a) => a.slug === slug,
      );
      if (agency === undefined) throw new Error(`the demo seed has no agency ${slug}`);
      return agency.id;
    },
    async start() {
      await stack.start();
      // Routing prefers a link the gateway reported bound; wait for that rather than race it.
      await waitFor(
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
    },
    kill: (...names) => stack.kill(...names),
    async crashAndRestart() {
      await harness.kill();
      orphans.push(await expireOrphanedJobs(t.db, boss));
      await harness.start();
    },
    statusCounts,
    async settle(timeoutMs) {
      let quiet = 0;
      let last = '';
      let counts = new Map<string, number>();
      await waitFor(
        'every message to be final or unknown',
        async () => {
          counts = await statusCounts();
          const open = OPEN_STATUSES.reduce((n, s) => n + (counts.get(s) ?? 0), 0);
          if (open === 0) return true;
          const now = JSON.stringify([...counts].sort());
          quiet = now === last ? quiet + 1 : 0;
          last = now;
          const waiting = open - (counts.get('submitted') ?? 0);
          // Receipts the SMSC could not hand over while the gateway was down are sent again
          // (store-and-forward) once the rest is quiet.
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
        timeoutMs,
        500,
      );
      return counts;
    },
    async close() {
      await stack.kill();
      receipts.stop();
      queue.close();
      await boss.stop({ graceful: false });
      await stack.close();
    },
  };
  return harness;
}
