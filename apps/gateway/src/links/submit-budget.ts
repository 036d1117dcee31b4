interface Waiter {
  readonly wanted: number;
  readonly priority: number;
  readonly resolve: (granted: number) => void;
}

/**
 * How many of one carrier's messages this process may hold between their claim and the record of
 * their outcome, which is what a crash can turn `unknown`: at most `inFlight` in all, of which at most
 * `claimAhead` not yet written to a bind (those never reached the carrier). Grants go to the highest
 * priority waiting (a batch's lane), FIFO within one, and come in runs of at least half of
 * `claimAhead` (or what the batch has left), so claims stay few and large.
 */
export class SubmitBudget {
  readonly claimAhead: number;
  readonly inFlight: number;
  #unwritten = 0;
  #unrecorded = 0;
  #waiters: Waiter[] = [];

  constructor(claimAhead: number, inFlight: number) {
    if (!(claimAhead >= 1 && inFlight >= claimAhead))
      throw new RangeError(`need 1 <= claimAhead <= inFlight, got ${claimAhead} and ${inFlight}`);
    this.claimAhead = claimAhead;
    this.inFlight = inFlight;
  }

  /** Messages claimed (or being claimed) and not yet written, and not yet recorded. */
  get held(): { unwritten: number; unrecorded: number } {
    return { unwritten: this.#unwritten, unrecorded: this.#unrecorded };
  }

  /** Resolves with how many messages (1..wanted) the caller may claim now. */
  take(wanted: number, priority = 0): Promise<number> {
    if (!(wanted >= 1)) throw new RangeError(`wanted must be >= 1, got ${wanted}`);
    return new Promise((resolve) => {
      const waiter: Waiter = { wanted, priority, resolve };
      // Scanning from the back keeps the common case (one priority) O(1).
      let at = this.#waiters.length;
      while (at > 0 && (this.#waiters[at - 1]?.priority ?? priority) < priority) at -= 1;
      this.#waiters.splice(at, 0, waiter);
      this.#grant();
    });
  }

  /** `n` messages were written (or will never be): their claim-ahead share is free again. */
  written(n = 1): void {
    this.#unwritten -= n;
    this.#grant();
  }

  /** `n` messages' outcomes were committed (or abandoned): their share is free again. */
  recorded(n = 1): void {
    this.#unrecorded -= n;
    this.#grant();
  }

  /** Gives back both shares of messages taken but not claimed after all. */
  release(n: number): void {
    if (n <= 0) return;
    this.#unwritten -= n;
    this.#unrecorded -= n;
    this.#grant();
  }

  #grant(): void {
    for (;;) {
      const first = this.#waiters[0];
      if (first === undefined) return;
      const free = Math.min(this.claimAhead - this.#unwritten, this.inFlight - this.#unrecorded);
      const run = Math.min(first.wanted, Math.ceil(this.claimAhead / 2));
      if (free < run) return;
      const granted = Math.min(first.wanted, free);
      this.#waiters.shift();
      this.#unwritten += granted;
      this.#unrecorded += granted;
      first.resolve(granted);
    }
  }
}
