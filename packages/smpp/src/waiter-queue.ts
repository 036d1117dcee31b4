interface Waiter {
  readonly resolve: (granted: boolean) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  readonly priority: number;
}

/**
 * Callers waiting for something (a window slot, a token): higher `priority` first, FIFO within one
 * priority; an aborted waiter leaves with `false`.
 */
export class WaiterQueue {
  #waiters: Waiter[] = [];

  get length(): number {
    return this.#waiters.length;
  }

  wait(signal?: AbortSignal, priority = 0): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        signal,
        priority,
        onAbort: () => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          resolve(false);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      // Scanning from the back keeps the common case (one priority) O(1).
      let at = this.#waiters.length;
      while (at > 0 && (this.#waiters[at - 1]?.priority ?? priority) < priority) at -= 1;
      this.#waiters.splice(at, 0, waiter);
    });
  }

  /** Grants the oldest waiter; false when nobody waits. */
  grantNext(): boolean {
    const w = this.#waiters.shift();
    if (w === undefined) return false;
    w.signal?.removeEventListener('abort', w.onAbort);
    w.resolve(true);
    return true;
  }
}
