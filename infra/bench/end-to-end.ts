import { createTestDatabase } from '@pregon/db/testing';
import { startStack } from '../stack.ts';
import { type CpuSpent, cpuSnapshot, cpuSpent } from './cpu-meter.ts';
import { openMessageCounter, type StatusCounts } from './message-counts.ts';
import { percentile, postMessages } from './post-load.ts';

export interface EndToEndOptions {
  readonly messages: number;
  /** Concurrent keep-alive POST workers; default 20. */
  readonly concurrency?: number;
  /** Give up waiting for receipts after this long; default 60 s plus 100 ms a message (a 10 msgs/s floor). */
  readonly settleTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface EndToEndResult {
  readonly messages: number;
  readonly concurrency: number;
  readonly postgres: string;
  readonly accepted: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
  readonly acceptPerSecond: number;
  readonly postP50Ms: number;
  readonly postP99Ms: number;
  readonly postMaxMs: number;
  /** Seconds from the first POST. */
  readonly lastAcceptedS: number;
  readonly lastSubmitS: number | null;
  readonly lastDeliveredS: number | null;
  readonly submits: number;
  readonly endToEndPerSecond: number | null;
  /** Every message delivered before the timeout. */
  readonly complete: boolean;
  readonly finalStatuses: StatusCounts;
  readonly peakRssMb: number;
  readonly rssBeforeStackMb: number;
  /** CPU while the POSTs ran, and from the last answer until the last delivery. */
  readonly cpuAccepting: CpuSpent;
  readonly cpuDraining: CpuSpent;
}

const FINAL = new Set(['delivered', 'failed', 'expired', 'cancelled', 'rejected', 'unknown']);
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitReady(baseUrl: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    const res = await fetch(`${baseUrl}/readyz`);
    last = `${res.status} ${await res.text()}`;
    if (res.status === 200) return;
    await sleep(100);
  }
  throw new Error(`the stack never became ready: ${last}`);
}

/**
 * The per-message path: separate POST /v1/messages into the whole stack (PostgreSQL, pg-boss dispatcher,
 * SMPP bind to the simulator, receipts back), timed until every message reads `delivered`.
 */
export async function runEndToEndBench(options: EndToEndOptions): Promise<EndToEndResult> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 20;
  const settleTimeoutMs = options.settleTimeoutMs ?? 60_000 + 100 * options.messages;
  const db = await createTestDatabase('bench');
  try {
    const counter = await openMessageCounter(db.url);
    try {
      const version = await counter.serverVersion();
      const rssBeforeStackMb = process.memoryUsage.rss() / MB;
      let peakRss = process.memoryUsage.rss();
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      }, 100);
      const stack = await startStack({
        databaseUrl: db.url,
        poolSize: 8,
        simulator: { receiptDelayMs: 50 },
      });
      try {
        await waitReady(stack.baseUrl, 30_000);
        let submits = 0;
        let lastSubmitAt: number | null = null;
        stack.simulator.on('submit', () => {
          submits += 1;
          lastSubmitAt = performance.now();
        });
        log(`e2e: ${options.messages} POSTs from ${concurrency} workers against ${stack.baseUrl}`);

        const cpuAtStart = cpuSnapshot();
        const wallAtStart = Date.now();
        const load = await postMessages({
          baseUrl: stack.baseUrl,
          apiKeys: stack.demo.agencies.map((a) => a.apiKey),
          messages: options.messages,
          concurrency,
        });
        const cpuAfterPosts = cpuSnapshot();
        const seconds = (at: number) => (at - load.startedAt) / 1000;
        log(
          `e2e: ${load.accepted} accepted in ${seconds(load.finishedAt).toFixed(1)} s; waiting for receipts`,
        );

        let finalStatuses: StatusCounts = {};
        let complete = false;
        const until = performance.now() + settleTimeoutMs;
        let nextLog = performance.now() + 5000;
        while (performance.now() < until) {
          finalStatuses = await counter.counts();
          const delivered = finalStatuses.delivered ?? 0;
          const open = Object.entries(finalStatuses).filter(([s]) => !FINAL.has(s));
          if (delivered >= load.accepted) complete = true;
          if (complete || open.every(([, n]) => n === 0)) break;
          if (performance.now() > nextLog) {
            log(`e2e: ${delivered}/${load.accepted} delivered, ${submits} submits`);
            nextLog += 5000;
          }
          await sleep(100);
        }
        const cpuDraining = cpuSpent(cpuAfterPosts);
        const deliveredWall = await counter.lastDeliveredAt();
        // message_events.at is PostgreSQL's now() on this same host, so the wall clocks agree.
        const lastDeliveredS = deliveredWall === null ? null : (deliveredWall - wallAtStart) / 1000;
        const delivered = finalStatuses.delivered ?? 0;
        return {
          messages: options.messages,
          concurrency,
          postgres: version,
          accepted: load.accepted,
          refused: load.refused,
          errors: load.errors,
          acceptPerSecond: load.accepted / seconds(load.finishedAt),
          postP50Ms: percentile(load.latenciesMs, 50),
          postP99Ms: percentile(load.latenciesMs, 99),
          postMaxMs: load.latenciesMs.at(-1) ?? Number.NaN,
          lastAcceptedS: seconds(load.finishedAt),
          lastSubmitS: lastSubmitAt === null ? null : seconds(lastSubmitAt),
          lastDeliveredS,
          submits,
          endToEndPerSecond: lastDeliveredS === null ? null : delivered / lastDeliveredS,
          complete,
          finalStatuses,
          peakRssMb: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / MB,
          rssBeforeStackMb,
          cpuAccepting: cpuSpent(cpuAtStart, cpuAfterPosts),
          cpuDraining,
        };
      } finally {
        clearInterval(sampler);
        await stack.stop();
      }
    } finally {
      await counter.close();
    }
  } finally {
    await db.drop();
  }
}
