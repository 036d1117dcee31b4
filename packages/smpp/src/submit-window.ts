import { WaiterQueue } from './waiter-queue.ts';

/**
 * At most `size` submit_sm in flight per bind (DESIGN: SMPP facts 1); slots go to the highest
 * priority waiting (a message's lane), FIFO within one priority.
 */
export class SubmitWindow {
  readonly size: number;
  #inUse = 0;
  #queue = new WaiterQueue();

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`window must be a positive integer, got ${size}`);
    this.size = size;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Takes a free slot at once if one is free and nobody waits (call release() once); else false. */
  tryAcquire(): boolean {
    if (this.#inUse >= this.size || this.#queue.length > 0) return false;
    this.#inUse += 1;
    return true;
  }

  /** Resolves true with a slot held (call release() once), or false if `signal` aborted first. */
  async acquire(signal?: AbortSignal, priority = 0): Promise<boolean> {
    if (signal?.aborted) return false;
    if (this.#inUse < this.size && this.#queue.length === 0) {
      this.#inUse += 1;
      return true;
    }
    // The slot is handed over by release(), so #inUse already counts it when this resolves true.
    return this.#queue.wait(signal, priority);
  }

  release(): void {
    if (this.#queue.grantNext()) return;
    this.#inUse = Math.max(0, this.#inUse - 1);
  }
}
