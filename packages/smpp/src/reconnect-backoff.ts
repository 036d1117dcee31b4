/**
 * Reconnect delays: exponential with full jitter (delay = random(0, min(max, min * 2^attempt))), so
 * many binds dropped together by one carrier do not come back in lockstep (DESIGN: SMPP facts 4).
 */
export class ReconnectBackoff {
  readonly minMs: number;
  readonly maxMs: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(minMs: number, maxMs: number, random: () => number = Math.random) {
    this.minMs = minMs;
    this.maxMs = Math.max(minMs, maxMs);
    this.#random = random;
  }

  next(): number {
    const cap = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt += 1;
    return Math.floor(this.#random() * cap);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
