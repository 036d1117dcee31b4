import { apiKeys, carriers, messages, routes, type Tx, withTenant } from '@pregon/db';
import {
  LANES,
  type Lane,
  type SubmitBatch,
  type SubmitItem,
  submitGroupId,
  submitPriority,
  submitQueueName,
} from '@pregon/domain';
import { ConcatReferences, encodeMessage } from '@pregon/sms';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { carriersAvailable } from '../carriers/availability.ts';
import type { ServiceContext } from '../context.ts';
import { loadOptOutLedger } from '../opt-outs/ledger.ts';
import { admitMessages, type Candidate } from '../quotas/admit.ts';
import { type SpendUnits, spendUnits } from '../quotas/spend.ts';
import { loadQuietHours } from '../scheduling/quiet-window.ts';
import { recordStats, type StatChange } from '../stats/record.ts';
import { pickRoute } from './route.ts';
import { senderAddress } from './sender-address.ts';
import { applyTransitions, type Transition } from './transition.ts';

const SUBMIT_BATCH = 200;

function serviceIdsOf(rows: Array<{ m: { serviceId: string | null } }>): string[] {
  return [...new Set(rows.flatMap(({ m }) => (m.serviceId === null ? [] : [m.serviceId])))];
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * Turns accepted (or due scheduled) messages into submit batches: drops expired ones, routes by
 * destination prefix with failover, encodes per the carrier's policy, rejects what the agency's
 * quotas or the per-recipient cap refuse (quotas/admit.ts), marks the rest queued, counts them in
 * daily_message_stats and enqueues one job per carrier and lane, all in one transaction. Messages already past this step are skipped, so
 * retries are safe. Pass one long-lived `references` per process so concatenation references rotate
 * per destination across calls (a fresh one per call only starts each destination at random).
 */
export async function prepareMessages({
  ctx,
  input,
  references = new ConcatReferences(),
}: {
  ctx: ServiceContext;
  input: { tenantId: string; messageIds: string[] };
  references?: Pick<ConcatReferences, 'next'>;
}): Promise<PreparedCounts> {
  return withTenant(ctx.db, input.tenantId, (tx) => prepareWithin(tx, ctx, input, references));
}

/** Messages per prepare transaction when payloads are merged. */
const PREPARE_CHUNK = 1_000;

/**
 * Prepares `message.prepare` payloads, merged per tenant: one transaction per tenant and 1,000
 * messages, however many payloads they came in. `onPrepared` hears each transaction's counts.
 */
export async function preparePayloads({
  ctx,
  payloads,
  references,
  onPrepared,
}: {
  ctx: ServiceContext;
  payloads: ReadonlyArray<{ tenantId: string; messageIds: string[] }>;
  references?: Pick<ConcatReferences, 'next'> | undefined;
  onPrepared?: (tenantId: string, counts: PreparedCounts) => void;
}): Promise<void> {
  const byTenant = new Map<string, string[]>();
  for (const p of payloads) byTenant.set(p.tenantId, [...(byTenant.get(p.tenantId) ?? []), ...p.messageIds]);
  for (const [tenantId, ids] of byTenant)
    for (let i = 0; i < ids.length; i += PREPARE_CHUNK) {
      const counts = await prepareMessages({
        ctx,
        input: { tenantId, messageIds: ids.slice(i, i + PREPARE_CHUNK) },
        ...(references ? { references } : {}),
      });
      onPrepared?.(tenantId, counts);
    }
}

export interface PreparedCounts {
  queued: number;
  settled: number;
  deferred?: number;
}

/**
 * prepareMessages inside the caller's transaction (already under the tenant): an emergency
 * broadcast's fan-out step prepares the messages it has just inserted, with no queue hop between.
 * It locks the day's statistics rows, so the caller must lock no further rows after it.
 */
export async function prepareWithin(
  tx: Tx,
  ctx: ServiceContext,
  input: { tenantId: string; messageIds: string[] },
  references: Pick<ConcatReferences, 'next'>,
): Promise<PreparedCounts> {
  const now = ctx.now?.() ?? new Date();
  const found = await tx
    .select({ m: messages, keyMode: apiKeys.mode })
    .from(messages)
    .leftJoin(apiKeys, eq(apiKeys.id, messages.apiKeyId))
    .where(and(inArray(messages.id, input.messageIds), inArray(messages.status, ['accepted', 'scheduled'])));
  if (found.length === 0) return { queued: 0, settled: 0 };
  // In the order given (the order they were accepted): quotas and the per-recipient cap go to the
  // earlier ones first, whatever order the rows come back in.
  const position = new Map(input.messageIds.map((id, i) => [id, i]));
  const rows = found.sort((a, b) => (position.get(a.m.id) ?? 0) - (position.get(b.m.id) ?? 0));
  const routeRows = await tx
    .select({
      prefix: routes.prefix,
      priority: routes.priority,
      agencyId: routes.agencyId,
      carrier: carriers,
    })
    .from(routes)
    .innerJoin(carriers, eq(carriers.id, routes.carrierId))
    .where(and(eq(carriers.enabled, true), or(isNull(routes.agencyId), eq(routes.agencyId, input.tenantId))));
  const available = await carriersAvailable(tx, [...new Set(routeRows.map((r) => r.carrier.id))]);
  const optedOut = await loadOptOutLedger(
    tx,
    input.tenantId,
    rows.map(({ m }) => m.toPhone),
  );
  const quietUntil = await loadQuietHours(tx, input.tenantId, serviceIdsOf(rows), now);
  const deferred = new Map<number, { ids: string[]; priority: number }>();

  const transitions: Transition[] = [];
  // Keyed by carrier and lane: a batch never carries a message at a lower lane's priority.
  const batches = new Map<string, { carrierId: string; lane: Lane; reply: boolean; items: SubmitItem[] }>();
  // Routed and encoded, waiting for the batch's quota and per-recipient cap decision.
  const routed: Array<Candidate & { transition: Transition; item: SubmitItem; carrierId: string }> = [];
  const prices = new Map<string, SpendUnits>();
  for (const { m, keyMode } of rows) {
    if (m.validUntil && m.validUntil <= now) {
      transitions.push({ id: m.id, status: 'expired', reason: 'validity_expired' });
      continue;
    }
    // The opt-out ledger: never submitted, whichever path the message came in by (save the audited
    // emergency override, which the message's history records).
    const ledger = optedOut(m);
    if (ledger === 'blocked') {
      transitions.push({ id: m.id, status: 'rejected', reason: 'opted_out' });
      continue;
    }
    // Quiet hours: wait (scheduled) for the window to open; one that would be stale by then expires now.
    const opensAt = quietUntil(m);
    if (opensAt !== null) {
      const detail = { quietHoursUntil: opensAt.toISOString() };
      if (m.validUntil && m.validUntil <= opensAt) {
        transitions.push({ id: m.id, status: 'expired', reason: 'validity_expired', detail });
        continue;
      }
      transitions.push({ id: m.id, status: 'scheduled', reason: 'quiet_hours', detail });
      const wait = deferred.get(opensAt.getTime()) ?? { ids: [], priority: LANES[m.lane] };
      wait.priority = Math.max(wait.priority, LANES[m.lane]);
      wait.ids.push(m.id);
      deferred.set(opensAt.getTime(), wait);
      continue;
    }
    // Failover: the first candidate with a bound, reporting link that has window room. When none
    // is up the message still queues on the first: its queue waits for the link, whereas failing
    // it would turn a short outage into lost messages.
    const candidates = pickRoute(routeRows, m.toPhone, input.tenantId);
    const carrier = candidates.find((c) => available.has(c.id)) ?? candidates[0];
    if (!carrier) {
      transitions.push({
        id: m.id,
        status: 'failed',
        reason: 'no_route',
        detail: { to: m.toPhone.slice(0, 4) },
      });
      continue;
    }
    const encoded = encodeMessage(m.body, {
      policy: carrier.encoding,
      reference: references.next(m.toPhone),
    });
    if (!encoded.ok) {
      transitions.push({
        id: m.id,
        status: 'failed',
        reason: 'encoding_failed',
        detail: { message: encoded.error.message },
      });
      continue;
    }
    const { value } = encoded;
    if (keyMode === 'test') {
      // Test keys exercise the whole API without reaching a carrier (as GOV.UK Notify's test keys do).
      transitions.push({
        id: m.id,
        status: 'delivered',
        reason: 'test_key',
        encoding: value.encoding,
        segments: value.segments.length,
      });
      continue;
    }
    const source = senderAddress(m.fromAddr);
    const price = prices.get(carrier.id) ?? spendUnits(carrier.pricePerSegment);
    prices.set(carrier.id, price);
    routed.push({
      id: m.id,
      toPhone: m.toPhone,
      lane: m.lane,
      inReplyTo: m.inReplyTo,
      cost: price * value.segments.length,
      carrierId: carrier.id,
      transition: {
        id: m.id,
        status: 'queued',
        // Only from where this run found it: two runs at once (the keyword engine prepares its
        // replies while their jobs may run) must not both queue it, or it goes in two batches.
        from: ['accepted', 'scheduled'],
        carrierId: carrier.id,
        encoding: value.encoding,
        segments: value.segments.length,
        ...(ledger === 'overridden' ? { detail: { optOutOverridden: true } } : {}),
      },
      item: {
        tenantId: input.tenantId,
        messageId: m.id,
        to: m.toPhone.replace(/^\+/, ''),
        destTon: carrier.destTon,
        destNpi: carrier.destNpi,
        from: source.addr,
        sourceTon: source.ton,
        sourceNpi: source.npi,
        dataCoding: value.dataCoding,
        parts: value.segments.map((s) => ({ bytes: toHex(s.bytes), udhi: s.udh !== null })),
        validUntil: m.validUntil?.toISOString() ?? null,
      },
    });
  }
  // Quotas and per-recipient caps, decided for the whole batch in a few statements.
  const refused = await admitMessages(tx, {
    tenantId: input.tenantId,
    now,
    candidates: routed,
    capPerHour: ctx.recipientCapPerHour ?? 0,
    queue: ctx.queue,
  });
  for (const c of routed) {
    const no = refused.get(c.id);
    if (no) {
      transitions.push({ id: c.id, status: 'rejected', reason: no.reason, detail: no.detail });
      continue;
    }
    transitions.push(c.transition);
    // Replies ride apart, ahead of every lane (REPLY_PRIORITY).
    const reply = c.inReplyTo !== null;
    const key = `${c.carrierId}:${c.lane}:${reply}`;
    const batch = batches.get(key) ?? { carrierId: c.carrierId, lane: c.lane, reply, items: [] };
    batch.items.push(c.item);
    batches.set(key, batch);
  }
  const moved = new Set(
    await applyTransitions(tx, input.tenantId, transitions, ctx.queue, { now, stats: false }),
  );
  // Statistics for exactly what moved, in one upsert, last (see stats/record.ts).
  const byId = new Map(rows.map(({ m }) => [m.id, m]));
  const costs = new Map(routed.map((c) => [c.id, c.cost]));
  const changes: StatChange[] = [];
  for (const t of transitions) {
    const m = byId.get(t.id);
    if (!m || !moved.has(t.id) || t.status === 'scheduled') continue;
    changes.push({
      serviceId: m.serviceId,
      lane: m.lane,
      status: t.status as StatChange['status'],
      segments: t.segments ?? 0,
      cost: costs.get(t.id) ?? 0,
    });
  }
  await recordStats(tx, input.tenantId, now, changes);
  let waiting = 0;
  for (const [opensAt, wait] of deferred) {
    const ids = wait.ids.filter((id) => moved.has(id));
    waiting += ids.length;
    if (ids.length === 0) continue;
    await ctx.queue.enqueue(tx, 'message.prepare', [{ tenantId: input.tenantId, messageIds: ids }], {
      priority: wait.priority,
      group: { id: input.tenantId },
      startAfter: new Date(opensAt),
    });
  }
  let queued = 0;
  for (const { carrierId, lane, reply, items: all } of batches.values()) {
    const items = all.filter((i) => moved.has(i.messageId));
    queued += items.length;
    const jobs: SubmitBatch[] = [];
    for (let i = 0; i < items.length; i += SUBMIT_BATCH)
      jobs.push({ carrierId, lane, items: items.slice(i, i + SUBMIT_BATCH), ...(reply ? { reply } : {}) });
    // The tenant as the group: the gateway caps how many batches of one agency run at once.
    await ctx.queue.enqueueRaw(tx, submitQueueName(carrierId), jobs, {
      priority: submitPriority({ lane, reply }),
      group: { id: submitGroupId(input.tenantId, lane, reply) },
    });
  }
  if (waiting === 0) return { queued, settled: moved.size - queued };
  return { queued, settled: moved.size - queued - waiting, deferred: waiting };
}
