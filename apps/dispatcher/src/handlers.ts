import { type JobName, type JobPayload, jobCatalog, type ReceiptItem } from '@pregon/domain';
import {
  applyReceipts,
  type ConcatReferences,
  cancelBroadcastMessages,
  deliverWebhookEvents,
  fanOutBroadcast,
  preparePayloads,
  processInboundMessages,
  purgeExpiredPersonalData,
  runDueSchedules,
  type ServiceContext,
  sweepStuckMessages,
} from '@pregon/services';
import type { Logger } from 'pino';

export type Handler<N extends JobName> = (
  payloads: JobPayload<N>[],
  deps: { ctx: ServiceContext; log: Logger; references: ConcatReferences },
) => Promise<void>;

const RECEIPT_ATTEMPTS = 10;
const RECEIPT_CHUNK = 1000;
/** Senders whose MO one inbound.process worker handles at once (dispatcher.ts sizes its pool). */
export const INBOUND_CONCURRENCY = 4;

/** Every job in the catalog has exactly one handler; a missing one fails to compile. */
export const handlers: { [N in JobName]: Handler<N> } = {
  'message.prepare': async (payloads, { ctx, log, references }) => {
    // Merged per tenant: one transaction prepares many messages.
    await preparePayloads({
      ctx,
      payloads,
      references,
      onPrepared: (tenantId, counts) => log.debug({ tenantId, ...counts }, 'prepared messages'),
    });
  },
  'receipt.apply': async (payloads, { ctx, log }) => {
    // The gateway stores receipts as they come (group commit), so under a light load a job holds a
    // few: merge the fetched jobs per carrier (and attempt) into one apply of up to 1,000 receipts.
    const merged = new Map<string, { carrierId: string; attempt: number; receipts: ReceiptItem[] }>();
    for (const p of payloads) {
      const attempt = p.attempt ?? 0;
      const key = `${p.carrierId}:${attempt}`;
      const entry = merged.get(key) ?? { carrierId: p.carrierId, attempt, receipts: [] };
      entry.receipts.push(...p.receipts);
      merged.set(key, entry);
    }
    for (const { carrierId, attempt: tried, receipts: all } of merged.values()) {
      for (let i = 0; i < all.length; i += RECEIPT_CHUNK) {
        const { applied, unmatched } = await applyReceipts({
          ctx,
          input: { carrierId, receipts: all.slice(i, i + RECEIPT_CHUNK) },
        });
        log.debug({ carrierId, applied, unmatched: unmatched.length }, 'applied receipts');
        if (unmatched.length === 0) continue;
        const attempt = tried + 1;
        if (attempt > RECEIPT_ATTEMPTS) {
          log.warn(
            { carrierId, ids: unmatched.map((r) => r.carrierMessageId) },
            'receipts matched no message; dropped',
          );
          continue;
        }
        // The receipt beat its submit_sm_resp (or the id notation is off): look again shortly.
        await ctx.db.transaction((tx) =>
          ctx.queue.enqueue(tx, 'receipt.apply', [{ carrierId, receipts: unmatched, attempt }], {
            startAfter: new Date(Date.now() + attempt * 1000),
          }),
        );
      }
    }
  },
  'inbound.process': async (payloads, { ctx, log, references }) => {
    const ids = payloads.flatMap((p) => p.inboundMessageIds);
    const { processed } = await processInboundMessages({
      ctx,
      input: { inboundMessageIds: ids },
      references,
      concurrency: INBOUND_CONCURRENCY,
    });
    log.debug({ mo: ids.length, processed }, 'processed inbound messages');
  },
  'webhook.deliver': async (payloads, { ctx, log }) => {
    // Webhooks are independent: one slow or failing receiver must not hold back the others, and a
    // failure is handled inside the verb (logged, retried as a new job), never by failing this batch.
    await Promise.all(
      payloads.map(async (p) => {
        const report = await deliverWebhookEvents({ ctx, input: p });
        if (report.disabled) log.warn({ tenantId: p.tenantId, webhookId: p.webhookId }, 'webhook disabled');
        else if (report.failed && report.retryAt === null)
          log.warn(
            { tenantId: p.tenantId, webhookId: p.webhookId, events: p.events.length },
            'webhook events given up',
          );
        else log.debug({ webhookId: p.webhookId, ...report }, 'webhook delivery');
      }),
    );
  },
  'broadcast.fanout': async (payloads, { ctx, log, references }) => {
    // Steps of different broadcasts are independent; each is its own transaction and enqueues the next.
    for (const p of payloads) {
      const step = await fanOutBroadcast({ ctx, input: p, references });
      log.debug({ broadcastId: p.broadcastId, ...step }, 'broadcast fan-out step');
    }
  },
  'broadcast.cancel': async (payloads, { ctx, log }) => {
    for (const p of payloads) {
      const { cancelled } = await cancelBroadcastMessages({ ctx, input: p });
      log.debug(
        { broadcastIds: p.broadcastIds, reason: p.reason, cancelled },
        'cancelled broadcast messages',
      );
    }
  },
  // Cron jobs: one run per batch however many occurrences piled up.
  'retention.purge': async (_payloads, { ctx, log }) => {
    const run = await purgeExpiredPersonalData({ ctx, input: {}, actor: { kind: 'system' } });
    log.info(run, 'retention purge');
  },
  'messages.sweep': async (_payloads, { ctx, log }) => {
    const run = await sweepStuckMessages({ ctx, input: {} });
    if (run.retried.length > 0) log.warn(run, 'retried failed jobs that stranded messages');
  },
  'schedules.tick': async (_payloads, { ctx, log }) => {
    const tick = await runDueSchedules({ ctx, input: {} });
    for (const run of tick.ran)
      if (run.outcome === 'sent' && run.missed === 0) log.debug(run, 'schedule ran');
      else
        log.warn(
          run,
          run.outcome === 'sent' ? 'schedule ran after missing occurrences' : `schedule ${run.outcome}`,
        );
  },
};

/** Validates a job's payload against the catalog before its handler sees it. */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobCatalog[name].payload.parse(data) as JobPayload<N>;
}
