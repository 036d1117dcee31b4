interface Waiter {
  readonly resolve: (granted: boolean) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** FIFO of callers waiting for something (a window slot, a token); an aborted waiter leaves with `false`. */
export class WaiterQueue {
  #waiters: Waiter[] = [];

  get length(): number {
    return this.#waiters.length;
  }

  wait(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          resolve(false);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
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
