// Issue #4's crash test on a bulk backlog queued directly in SQL: SIGKILL the dispatcher and the
// gateway twice while submits are on the wire, restart them, and prove that every message ends in
// exactly one final state (or `unknown`), that none reached the SMSC twice, and that the history and
// the carrier ids agree with what the SMSC saw. The broadcast version is crash-broadcast.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBacklog } from '../crash/backlog.ts';
import {
  type CrashHarness,
  FINAL_STATUSES,
  startCrashHarness,
  UNKNOWN_BOUND_PER_KILL,
} from '../crash/harness.ts';
import { readLedger } from '../crash/ledger.ts';

const N = 10_000;
const AGENCY = 'salut-valencia';
const SENDER = 'SALUT';
/** Submits to let through after each (re)start before the next SIGKILL. */
const SUBMITS_BEFORE_KILL = 1_500;
const KILLS = 2;
const destination = (i: number) => `+3460${String(i).padStart(7, '0')}`;

let h: CrashHarness;

beforeAll(async () => {
  h = await startCrashHarness({ name: 'crash', messages: N });
}, 90_000);

afterAll(async () => {
  await h?.close();
});

describe('crash recovery (issue #4)', () => {
  it('SIGKILLed twice mid-submit: every message ends once, none is submitted twice', async () => {
    const started = Date.now();
    await h.start();

    const recipients = Array.from({ length: N }, (_, i) => destination(i));
    const ids = await queueBacklog(h.t.db, h.queue, {
      tenantId: await h.tenantId(AGENCY),
      from: SENDER,
      recipients,
      lane: 'bulk',
      text: (i) => `Aviso ${i}`,
    });
    expect(ids).toHaveLength(N);

    for (let kill = 0; kill < KILLS; kill++) {
      const target = h.submits.length + SUBMITS_BEFORE_KILL;
      await h.waitFor(
        `${target} submits before kill ${kill + 1}`,
        () => h.submits.length >= target,
        90_000,
        5,
      );
      await h.crashAndRestart();
      console.log(`kill ${kill + 1}: SIGKILL at ${h.submits.length} submits`);
    }

    const counts = await h.settle(120_000);

    // 1. Every message is in exactly one final state (or unknown).
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(N);
    for (const status of counts.keys()) expect(FINAL_STATUSES).toContain(status);

    // 2. Nothing reached the SMSC twice; an unknown message at most once.
    const ledger = await readLedger(h.t.db, h.submits);
    expect(ledger.submittedTwice).toEqual([]);
    expect(h.submits.every((s) => s.destination.startsWith('3460'))).toBe(true);
    expect(ledger.unknownOtherReason).toBe(0);

    // 3. Carrier ids are the SMSC's: every message with ids reached the SMSC once, under that id.
    expect(ledger.carrierIdMismatches).toEqual([]);
    // A message delivered or submitted without reaching the SMSC would be a lie.
    expect(ledger.deliveredUnseen).toBe(0);

    // 4. History: never two rows of one status for one message; delivered ones went the whole way.
    expect(ledger.duplicateEvents).toBe(0);
    expect(ledger.incompleteDelivered).toBe(0);
    expect(ledger.currentMissing).toBe(0);

    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `crash test: ${N} messages, ${h.submits.length} submits, statuses ${JSON.stringify(Object.fromEntries(counts))}, ` +
        `unknown ${ledger.unknown} (${ledger.unknownReached} reached the SMSC), carrier ids ${ledger.withCarrierIds}, ` +
        `orphaned jobs expired ${JSON.stringify(h.orphans)}, receipts acknowledged ${h.receipts.acknowledged.size}, ${seconds} s`,
    );
    expect(ledger.unknown).toBeLessThanOrEqual(UNKNOWN_BOUND_PER_KILL * KILLS);
  }, 170_000);
});
