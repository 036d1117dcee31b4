import type { Lane, SubmitItem } from '@pregon/domain';
import {
  type RecordedSubmit,
  recordSubmitResults,
  type ServiceContext,
  type SubmitResult,
} from '@pregon/services';

interface Entry extends RecordedSubmit {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records one carrier's submit outcomes as they come, group-commit style: one write at a time, and
 * each write takes every outcome that arrived while the previous one ran. Under load the writes grow
 * instead of queueing; when idle an outcome is written at once. `onRecorded(n)` runs after each write
 * (committed or failed), so the carrier's `SubmitBudget` bounds what is still unrecorded.
 */
export class SubmitRecorder {
  readonly #ctx: ServiceContext;
  readonly #carrierId: string;
  readonly #onRecorded: (n: number) => void;
  #pending: Entry[] = [];
  #writing = false;

  constructor(deps: { ctx: ServiceContext; carrierId: string; onRecorded: (n: number) => void }) {
    this.#ctx = deps.ctx;
    this.#carrierId = deps.carrierId;
    this.#onRecorded = deps.onRecorded;
  }

  /** Resolves once the outcome is committed; rejects with the write's error. */
  record(item: SubmitItem, result: SubmitResult, lane: Lane | undefined, reply = false): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, result, lane, reply, resolve, reject });
      if (!this.#writing) void this.#write();
    });
  }

  async #write(): Promise<void> {
    this.#writing = true;
    while (this.#pending.length > 0) {
      const entries = this.#pending;
      this.#pending = [];
      try {
        await recordSubmitResults({
          ctx: this.#ctx,
          input: { carrierId: this.#carrierId, results: entries },
        });
        for (const e of entries) e.resolve();
      } catch (error) {
        // The batches fail and pg-boss retries them: the claim then turns these `unknown`, never resent.
        for (const e of entries) e.reject(error);
      } finally {
        this.#onRecorded(entries.length);
      }
    }
    this.#writing = false;
  }
}
