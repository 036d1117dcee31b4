import {
  type Lane,
  type SubmitBatch,
  type SubmitItem,
  submitBatchSchema,
  submitPriority,
  submitQueueName,
} from '@pregon/domain';
import {
  type CarrierRow,
  claimForSubmit,
  ensureQueue,
  registerWorkers,
  type ServiceContext,
  type SubmitResult,
} from '@pregon/services';
import type { EsmeSession } from '@pregon/smpp';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
import { BindSlot } from './bind-slot.ts';
import { ReceiptBuffer } from './receipt-buffer.ts';
import { SubmitBudget } from './submit-budget.ts';
import { submitItem } from './submit-item.ts';
import { SubmitRecorder } from './submit-recorder.ts';
import { submitWorkerSets } from './submit-workers.ts';

/** Messages a carrier's claims may run ahead of its binds' window, however small the window. */
const MIN_CLAIM_AHEAD = 20;
/** Answered submits whose outcome may wait for the next group commit, however small the window. */
const MIN_UNRECORDED = 30;

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
  readonly #deliverWindow: number | undefined;
  readonly #budget: SubmitBudget;
  readonly #recorder: SubmitRecorder;
  #working = false;
  #next = 0;

  constructor(deps: {
    carrier: CarrierRow;
    ctx: ServiceContext;
    /** For the receipts (default `ctx`); see CarrierLinks. */
    intakeCtx?: ServiceContext;
    boss: PgBoss;
    mo: MoIntake;
    logger: Logger;
    deliverWindow?: number;
  }) {
    this.carrier = deps.carrier;
    this.#deliverWindow = deps.deliverWindow;
    this.#mo = deps.mo;
    this.#ctx = deps.ctx;
    this.#boss = deps.boss;
    this.#log = deps.logger.child({ carrier: deps.carrier.name });
    this.receipts = new ReceiptBuffer(deps.intakeCtx ?? deps.ctx, deps.carrier.id);
    // What a crash may turn `unknown` (see SubmitBudget): claims run a little ahead of the window so
    // the claim's commit overlaps the carrier's round trips, and outcomes are recorded in group commits.
    const window = deps.carrier.window * deps.carrier.binds;
    const claimAhead = Math.max(MIN_CLAIM_AHEAD, window);
    this.#budget = new SubmitBudget(claimAhead, claimAhead + window + Math.max(MIN_UNRECORDED, 2 * window));
    this.#recorder = new SubmitRecorder({
      ctx: deps.ctx,
      carrierId: deps.carrier.id,
      onRecorded: (n) => this.#budget.recorded(n),
    });
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
      ...(this.#deliverWindow === undefined ? {} : { deliverWindow: this.#deliverWindow }),
    });
    this.slots.set(ordinal, slot);
    slot.start();
    this.#log.info({ ordinal }, 'bind slot claimed');
    if (!this.#working && slot.submitters().length > 0) {
      this.#working = true;
      await ensureQueue(this.#boss, this.queue);
      // Lanes and fairness: see submit-workers.ts. offWork(queue) stops every set.
      for (const options of submitWorkerSets(this.carrier.binds))
        await registerWorkers(this.#boss, this.queue, options, async (jobs) => {
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

  /**
   * Claims, submits and records a batch through the carrier's budget: each claim is one statement
   * committed just before its messages' PDUs can be written, and is issued as soon as the budget has
   * room, so the claims' commits overlap the carrier's round trips. Resolves when every outcome is
   * committed (only then may the job complete); throws after all of them settled if any failed.
   */
  async #submitBatch({ items, lane, reply }: SubmitBatch): Promise<void> {
    const priority = submitPriority({ lane, reply });
    const chunks: Promise<void>[] = [];
    let failed = false;
    for (let next = 0; next < items.length && !failed; ) {
      const n = await this.#budget.take(items.length - next, priority);
      const chunk = items.slice(next, next + n);
      next += n;
      chunks.push(
        this.#claimAndSubmit(chunk, lane, reply === true, priority).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      );
    }
    const failure = (await Promise.allSettled(chunks)).find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async #claimAndSubmit(
    chunk: SubmitItem[],
    lane: Lane | undefined,
    reply: boolean,
    priority: number,
  ): Promise<void> {
    let claimed: SubmitItem[];
    try {
      claimed = await claimForSubmit({ ctx: this.#ctx, input: { items: chunk } });
    } catch (error) {
      this.#budget.release(chunk.length);
      throw error;
    }
    this.#budget.release(chunk.length - claimed.length);
    const outcomes = await Promise.allSettled(
      claimed.map((item) => this.#submitOne(item, lane, reply, priority)),
    );
    const failure = outcomes.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async #submitOne(
    item: SubmitItem,
    lane: Lane | undefined,
    reply: boolean,
    priority: number,
  ): Promise<void> {
    let written = false;
    const onWritten = () => {
      if (written) return;
      written = true;
      this.#budget.written();
    };
    let result: SubmitResult;
    try {
      const session = this.#pick();
      // Claimed but never written: back to the queue, as when a bind drops before the PDU goes out.
      result = session
        ? await submitItem(session, item, priority, onWritten)
        : { kind: 'retry', reason: 'no_bind_held' };
    } catch (error) {
      // A request the session refused outright (a bug): the job fails, and its retry's claim turns
      // the message `unknown`.
      onWritten();
      this.#budget.recorded();
      throw error;
    }
    onWritten();
    await this.#recorder.record(item, result, lane, reply);
  }
}
