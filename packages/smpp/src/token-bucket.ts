import { WaiterQueue } from './waiter-queue.ts';

/**
 * Paces submits to a carrier's TPS cap (DESIGN: SMPP facts 1). `burst` tokens at most; the default of 1
 * spaces submits evenly, because carriers often count per fraction of a second. Rate 0 means unlimited.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;
  #queue = new WaiterQueue();
  #timer: NodeJS.Timeout | null = null;

  constructor(ratePerSecond: number, burst = 1, now: () => number = () => performance.now()) {
    if (!(ratePerSecond >= 0)) throw new RangeError(`tps must be >= 0, got ${ratePerSecond}`);
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, burst);
    this.#now = now;
    this.#tokens = this.burst;
    this.#last = now();
  }

  /** Takes a token at once if one is there and nobody waits; else false (then wait with take()). */
  tryTake(): boolean {
    if (this.ratePerSecond === 0) return true;
    this.#refill();
    if (this.#queue.length > 0 || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Resolves true once a token is taken, false if `signal` aborted first. */
  take(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.ratePerSecond === 0) return Promise.resolve(true);
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve(true);
    }
    const granted = this.#queue.wait(signal);
    this.#schedule();
    return granted;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) * this.ratePerSecond) / 1000);
    this.#last = now;
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    const waitMs = Math.max(0, ((1 - this.#tokens) * 1000) / this.ratePerSecond);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#refill();
      while (this.#tokens >= 1 && this.#queue.length > 0) {
        if (this.#queue.grantNext()) this.#tokens -= 1;
      }
      if (this.#queue.length > 0) this.#schedule();
    }, Math.ceil(waitMs));
  }
}
