/**
 * A non-blocking per-client submit rate: `tryTake` answers at once, so an over-eager client gets
 * ESME_RTHROTTLED (DESIGN: SMPP facts 2) instead of a response held back. Rate 0 means unlimited.
 */
export class ClientThrottle {
  readonly #rate: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, now: () => number = () => performance.now()) {
    this.#rate = ratePerSecond;
    this.#now = now;
    this.#tokens = ratePerSecond;
    this.#last = now();
  }

  tryTake(): boolean {
    if (this.#rate <= 0) return true;
    const now = this.#now();
    // One second's worth of burst at most.
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#last) * this.#rate) / 1000);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
