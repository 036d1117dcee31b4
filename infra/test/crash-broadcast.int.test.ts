// Issue #4's crash test on a broadcast: one REST publish to every subscriber of a service; SIGKILL the
// dispatcher while the fan-out is mid-way (some steps committed, not all) and the gateway with it, then
// both again while submits are on the wire; restart them each time and prove that every subscriber got
// exactly one message, that every message ended in one final state, that no destination reached the
// SMSC twice (an `unknown` one at most once), and that the broadcast's progress agrees with the rows.
// PREGON_CRASH_RECIPIENTS sets the audience (default 10,000, about 90 s on this shared machine; issue #4
// asks for 100,000).
import { FANOUT_BATCH } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../bench/blast.ts';
import {
  type CrashHarness,
  FINAL_STATUSES,
  startCrashHarness,
  UNKNOWN_BOUND_PER_KILL,
  UNSENT_UNKNOWN_BOUND_PER_KILL,
} from '../crash/harness.ts';
import { readLedger } from '../crash/ledger.ts';

const N = Number(process.env.PREGON_CRASH_RECIPIENTS ?? 10_000);
const AGENCY = 'ajuntament-alzira';
const SERVICE = 'alertas';
/** Fan-out steps committed before the dispatcher is killed. */
const STEPS_BEFORE_KILL = 2;
/** Submits to let through after the first restart before the second SIGKILL. */
const SUBMITS_BEFORE_KILL = Math.min(1_500, Math.floor(N / 10));
const GATEWAY_KILLS = 2;
/** Generous per-recipient allowance on a shared 2-core machine. */
const SETTLE_MS = 120_000 + 6 * N;

let h: CrashHarness;
let serviceId = '';

beforeAll(async () => {
  if (!Number.isInteger(N) || N <= STEPS_BEFORE_KILL * FANOUT_BATCH)
    throw new Error(`PREGON_CRASH_RECIPIENTS must be an integer above ${STEPS_BEFORE_KILL * FANOUT_BATCH}`);
  h = await startCrashHarness({ name: 'crash_broadcast', messages: N });
  const tenantId = await h.tenantId(AGENCY);
  const [svc] = await h.t.db.$client<{ id: string }[]>`
    select id from services where tenant_id = ${tenantId} and slug = ${SERVICE}`;
  serviceId = svc?.id ?? '';
  // Subscribers straight in SQL, as infra/bench/blast.ts seeds election night.
  await h.t.db.$client`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${tenantId}, ${serviceId}, '+3460' || lpad(g::text, 7, '0'), 'active',
      (array['es','ca'])[1 + g % 2], jsonb_build_object('district', (1 + g % 20)::text)
    from generate_series(0, ${N - 1}) g`;
  await h.t.db.$client`vacuum analyze subscribers`;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function fanOutState(id: string) {
  const [b] = await h.t.db.$client<{ status: string; fanned_out: number; targeted: number | null }[]>`
    select status, fanned_out, targeted from broadcasts where id = ${id}`;
  if (!b) throw new Error(`broadcast ${id} is gone`);
  return b;
}

describe('crash recovery during a broadcast (issue #4)', () => {
  it(
    `${N} recipients, SIGKILLed mid-fan-out and mid-submit: one message each, each ended once, none sent twice`,
    async () => {
      const started = Date.now();
      await h.start();
      const baseUrl = `http://127.0.0.1:${h.env.httpPort}`;
      const apiKey = h.demo.agencies.find((a) => a.slug === AGENCY)?.apiKey ?? '';
      const created = (await post(`${baseUrl}/v1/broadcasts`, apiKey, {
        service: SERVICE,
        name: 'Corte de agua',
        target: { kind: 'service' },
        templates: {
          es: 'Corte de agua mañana en el distrito {{district}}',
          ca: 'Tall d’aigua demà al districte {{district}}',
        },
      })) as { id: string; status: string };
      expect(created.status).toBe('running');
      const id = created.id;

      // Kill 1: the dispatcher once some fan-out steps have committed, then the gateway.
      await h.waitFor(
        `${STEPS_BEFORE_KILL} fan-out steps`,
        async () => (await fanOutState(id)).fanned_out >= STEPS_BEFORE_KILL * FANOUT_BATCH,
        60_000,
        5,
      );
      await h.kill('dispatcher');
      const atKill = await fanOutState(id);
      const submitsAtKill1 = h.submits.length;
      await h.crashAndRestart();
      console.log(
        `kill 1: dispatcher SIGKILL with ${atKill.fanned_out} of ${atKill.targeted} fanned out (${atKill.status}), ` +
          `gateway at ${submitsAtKill1} submits`,
      );
      // Mid-way for real: steps done, not all of them.
      expect(atKill.status).toBe('running');
      expect(atKill.fanned_out).toBeGreaterThanOrEqual(STEPS_BEFORE_KILL * FANOUT_BATCH);
      expect(atKill.fanned_out).toBeLessThan(N);

      // Kill 2: both, while submits are on the wire.
      const target = h.submits.length + SUBMITS_BEFORE_KILL;
      await h.waitFor(`${target} submits before kill 2`, () => h.submits.length >= target, 120_000, 5);
      const atKill2 = await fanOutState(id);
      await h.crashAndRestart();
      console.log(
        `kill 2: SIGKILL at ${h.submits.length} submits, ${atKill2.fanned_out} fanned out (${atKill2.status})`,
      );

      const counts = await h.settle(SETTLE_MS);

      // 1. Exactly one message per subscriber, all of this broadcast (SQL over all tenants).
      const [audit] = await h.t.db.$client<
        { messages: number; other: number; phones_twice: number; subscribers_without: number }[]
      >`
      select
        (select count(*)::int from messages) as messages,
        (select count(*)::int from messages where broadcast_id is distinct from ${id}) as other,
        (select count(*)::int from (select to_phone from messages group by to_phone having count(*) > 1) d)
          as phones_twice,
        (select count(*)::int from subscribers s where s.service_id = ${serviceId} and not exists (
          select 1 from messages m where m.broadcast_id = ${id} and m.to_phone = s.phone)) as subscribers_without`;
      expect(audit).toEqual({ messages: N, other: 0, phones_twice: 0, subscribers_without: 0 });

      // 2. Every message is in exactly one final state (or unknown).
      for (const status of counts.keys()) expect(FINAL_STATUSES).toContain(status);

      // 3. Nothing reached the SMSC twice, only our subscribers, and the carrier ids are the SMSC's.
      const ledger = await readLedger(h.t.db, h.submits);
      expect(ledger.messages).toBe(N);
      expect(ledger.submittedTwice).toEqual([]);
      expect(h.submits.every((s) => /^3460\d{7}$/.test(s.destination))).toBe(true);
      expect(ledger.carrierIdMismatches).toEqual([]);
      expect(ledger.deliveredUnseen).toBe(0);
      expect(ledger.duplicateEvents).toBe(0);
      expect(ledger.incompleteDelivered).toBe(0);
      expect(ledger.currentMissing).toBe(0);
      // Unknown: the cut submit's reason, bounded per gateway kill; those the SMSC saw, it saw once
      // (submittedTwice above). The rest were claimed ahead but never written: the platform cannot
      // tell them from sent ones, so they are reported, not resent.
      expect(ledger.unknownOtherReason).toBe(0);
      expect(ledger.unknown).toBeLessThanOrEqual(UNKNOWN_BOUND_PER_KILL * GATEWAY_KILLS);
      expect(ledger.unknown - ledger.unknownReached).toBeLessThanOrEqual(
        UNSENT_UNKNOWN_BOUND_PER_KILL * GATEWAY_KILLS,
      );

      // 4. The broadcast's progress says the same as the rows.
      const res = await fetch(`${baseUrl}/v1/broadcasts/${id}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(res.status).toBe(200);
      const view = (await res.json()) as {
        status: string;
        targeted: number;
        fannedOut: number;
        progress: { counts: Record<string, number>; remaining: number };
      };
      expect(view).toMatchObject({ status: 'completed', targeted: N, fannedOut: N });
      expect(view.progress.remaining).toBe(0);
      expect(Object.fromEntries(Object.entries(view.progress.counts).filter(([, n]) => n > 0))).toEqual(
        Object.fromEntries(counts),
      );

      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(
        `crash broadcast: ${N} recipients, ${h.submits.length} submits, statuses ${JSON.stringify(Object.fromEntries(counts))}, ` +
          `unknown ${ledger.unknown} (${ledger.unknownReached} reached the SMSC), submitted twice ${ledger.submittedTwice.length}, ` +
          `orphaned jobs expired ${JSON.stringify(h.orphans)}, receipts acknowledged ${h.receipts.acknowledged.size}, ${seconds} s`,
      );
    },
    SETTLE_MS + 240_000,
  );
});
