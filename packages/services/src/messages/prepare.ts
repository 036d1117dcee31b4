import { apiKeys, carriers, messages, routes, withTenant } from '@pregon/db';
import {
  LANES,
  type Lane,
  type SubmitBatch,
  type SubmitItem,
  submitGroupId,
  submitQueueName,
} from '@pregon/domain';
import { ConcatReferences, encodeMessage } from '@pregon/sms';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { carriersAvailable } from '../carriers/availability.ts';
import type { ServiceContext } from '../context.ts';
import { loadOptOutLedger } from '../opt-outs/ledger.ts';
import { loadQuietHours } from '../scheduling/quiet-window.ts';
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
 * destination prefix with failover, encodes per the carrier's policy, marks them queued and enqueues
 * one job per carrier, all in one transaction. Messages already past this step are skipped, so
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
}): Promise<{ queued: number; settled: number; deferred?: number }> {
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, input.tenantId, async (tx) => {
    const rows = await tx
      .select({ m: messages, keyMode: apiKeys.mode })
      .from(messages)
      .leftJoin(apiKeys, eq(apiKeys.id, messages.apiKeyId))
      .where(
        and(inArray(messages.id, input.messageIds), inArray(messages.status, ['accepted', 'scheduled'])),
      );
    if (rows.length === 0) return { queued: 0, settled: 0 };
    const routeRows = await tx
      .select({
        prefix: routes.prefix,
        priority: routes.priority,
        agencyId: routes.agencyId,
        carrier: carriers,
      })
      .from(routes)
      .innerJoin(carriers, eq(carriers.id, routes.carrierId))
      .where(
        and(eq(carriers.enabled, true), or(isNull(routes.agencyId), eq(routes.agencyId, input.tenantId))),
      );
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
    const batches = new Map<string, { carrierId: string; lane: Lane; items: SubmitItem[] }>();
    for (const { m, keyMode } of rows) {
      if (m.validUntil && m.validUntil <= now) {
        transitions.push({ id: m.id, status: 'expired', reason: 'validity_expired' });
        continue;
      }
      // The opt-out ledger: never submitted, whichever path the message came in by.
      if (optedOut(m)) {
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
      transitions.push({
        id: m.id,
        status: 'queued',
        carrierId: carrier.id,
        encoding: value.encoding,
        segments: value.segments.length,
      });
      const source = senderAddress(m.fromAddr);
      const key = `${carrier.id}:${m.lane}`;
      const batch = batches.get(key) ?? { carrierId: carrier.id, lane: m.lane, items: [] };
      batch.items.push({
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
      });
      batches.set(key, batch);
    }
    const moved = new Set(await applyTransitions(tx, input.tenantId, transitions, ctx.queue));
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
    for (const { carrierId, lane, items: all } of batches.values()) {
      const items = all.filter((i) => moved.has(i.messageId));
      queued += items.length;
      const jobs: SubmitBatch[] = [];
      for (let i = 0; i < items.length; i += SUBMIT_BATCH)
        jobs.push({ carrierId, lane, items: items.slice(i, i + SUBMIT_BATCH) });
      // The tenant as the group: the gateway caps how many batches of one agency run at once.
      await ctx.queue.enqueueRaw(tx, submitQueueName(carrierId), jobs, {
        priority: LANES[lane],
        group: { id: submitGroupId(input.tenantId, lane) },
      });
    }
    if (waiting === 0) return { queued, settled: moved.size - queued };
    return { queued, settled: moved.size - queued - waiting, deferred: waiting };
  });
}
