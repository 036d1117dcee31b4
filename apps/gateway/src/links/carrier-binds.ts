import { LANES, type SubmitBatch, type SubmitItem, submitBatchSchema, submitQueueName } from '@pregon/domain';
import {
  type CarrierRow,
  claimForSubmit,
  ensureQueue,
  recordSubmitResults,
  type ServiceContext,
  type SubmitResult,
} from '@pregon/services';
import type { EsmeSession } from '@pregon/smpp';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
import { BindSlot } from './bind-slot.ts';
import { ReceiptBuffer } from './receipt-buffer.ts';
import { submitItem } from './submit-item.ts';
import { submitWorkerSets } from './submit-workers.ts';

/**
 * This process's share of one carrier: the bind slots it holds, its receipts, and its submit queue,
 * worked only while at least one held slot can submit.
 */
export class CarrierBinds {
  readonly carrier: CarrierRow;
  readonly receipts: ReceiptBuffer;
  /** Held slots by ordinal; a slot being let go stays here until its sessions stopped. */
  readonly slots = new Map<number, BindSlot>();
  readonly #ctx: ServiceContext;
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #mo: MoIntake;
  #working = false;
  #next = 0;

  constructor(deps: {
    carrier: CarrierRow;
    ctx: ServiceContext;
    boss: PgBoss;
    mo: MoIntake;
    logger: Logger;
  }) {
    this.carrier = deps.carrier;
    this.#mo = deps.mo;
    this.#ctx = deps.ctx;
    this.#boss = deps.boss;
    this.#log = deps.logger.child({ carrier: deps.carrier.name });
    this.receipts = new ReceiptBuffer(deps.ctx, deps.carrier.id);
  }

  get queue(): string {
    return submitQueueName(this.carrier.id);
  }

  /** Ordinals this process does not hold and is not letting go of: the ones to try to claim. */
  unheld(): number[] {
    return Array.from({ length: this.carrier.binds }, (_, i) => i).filter((i) => !this.slots.has(i));
  }

  /** Held slots that are live (not being let go). */
  live(): BindSlot[] {
    return [...this.slots.values()].filter((s) => !s.stopping);
  }

  /** Binds a slot this process just claimed, and starts working the submit queue if it was not. */
  async hold(ordinal: number, leaseDeadline: number): Promise<void> {
    if (this.slots.has(ordinal)) return;
    const slot = new BindSlot({
      carrier: this.carrier,
      ordinal,
      receipts: this.receipts,
      mo: this.#mo,
      logger: this.#log,
      leaseDeadline,
    });
    this.slots.set(ordinal, slot);
    slot.start();
    this.#log.info({ ordinal }, 'bind slot claimed');
    if (!this.#working && slot.submitters().length > 0) {
      this.#working = true;
      await ensureQueue(this.#boss, this.queue);
      // Lanes and fairness: see submit-workers.ts. offWork(queue) stops every set.
      for (const options of submitWorkerSets(this.carrier.binds))
        await this.#boss.work(this.queue, options, async (jobs) => {
          for (const job of jobs) await this.#submitBatch(submitBatchSchema.parse(job.data));
        });
    }
  }

  /** Lets a slot go (lost lease, or shutting down): drains and unbinds it; stops the queue after the last. */
  async letGo(ordinal: number, why: string): Promise<void> {
    const slot = this.slots.get(ordinal);
    if (!slot) return;
    if (!slot.stopping) this.#log.info({ ordinal, why }, 'letting bind slot go');
    // Stopping first turns submits still waiting for this bind into retries, so offWork is not held up.
    const stopped = slot.stop();
    if (this.live().length === 0) await this.stopWorking();
    await stopped;
    if (this.slots.get(ordinal) === slot) this.slots.delete(ordinal);
  }

  /** Stops taking submit jobs and waits for the ones in flight. */
  async stopWorking(): Promise<void> {
    if (!this.#working) return;
    this.#working = false;
    await this.#boss.offWork(this.queue, { wait: true });
  }

  /** Round-robin over the live binds that can submit, preferring bound ones; null when there is none. */
  #pick(): EsmeSession | null {
    const usable = this.live().flatMap((s) => s.submitters());
    const bound = usable.filter((s) => s.state === 'bound');
    const pool = bound.length > 0 ? bound : usable;
    if (pool.length === 0) return null;
    this.#next = (this.#next + 1) % pool.length;
    return pool[this.#next] ?? null;
  }

  async #submitBatch({ items, lane }: SubmitBatch): Promise<void> {
    const priority = LANES[lane ?? 'transactional'];
    // Claim, submit and record one window's worth at a time: a crash can then leave only a few windows of
    // claimed-but-unrecorded messages (they end `unknown`), not the whole batch. The next chunk is claimed
    // and the last one recorded while this one is on the wire, so the database round trips overlap the
    // carrier's instead of adding to them.
    const size = Math.max(10, this.carrier.window * this.carrier.binds);
    const chunks: SubmitItem[][] = [];
    for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
    const claim = (chunk: SubmitItem[] | undefined) =>
      chunk ? claimForSubmit({ ctx: this.#ctx, input: { items: chunk } }) : Promise.resolve(null);
    let claiming = claim(chunks[0]);
    let recording: Promise<void> = Promise.resolve();
    for (let k = 0; k < chunks.length; k++) {
      const claimed = await claiming;
      claiming = claim(chunks[k + 1]);
      if (!claimed || claimed.length === 0) continue;
      const results = await Promise.all(claimed.map((item) => this.#submitOne(item, priority)));
      await recording;
      recording = recordSubmitResults({
        ctx: this.#ctx,
        input: { carrierId: this.carrier.id, lane, results },
      });
    }
    await Promise.all([recording, claiming]);
  }

  async #submitOne(item: SubmitItem, priority: number): Promise<{ item: SubmitItem; result: SubmitResult }> {
    const session = this.#pick();
    // Claimed but never written: back to the queue, as when a bind drops before the PDU goes out.
    const result: SubmitResult = session
      ? await submitItem(session, item, priority)
      : { kind: 'retry', reason: 'no_bind_held' };
    return { item, result };
  }
}
