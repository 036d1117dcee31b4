import type { DecodedPdu } from './pdu-codec.ts';

/** How a request we sent ended: its response, our timeout, or the link going away first. */
export type RequestSettlement =
  | { readonly kind: 'response'; readonly pdu: DecodedPdu }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed' };

interface Entry {
  readonly settle: (s: RequestSettlement) => void;
  readonly timer: NodeJS.Timeout;
}

/** Requests awaiting a response, by sequence_number, each with its own deadline. */
export class PendingRequests {
  #entries = new Map<number, Entry>();
  #emptyWaiters: (() => void)[] = [];

  get size(): number {
    return this.#entries.size;
  }

  track(sequence: number, timeoutMs: number): Promise<RequestSettlement> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#finish(sequence, { kind: 'timeout' }), timeoutMs);
      this.#entries.set(sequence, { settle: resolve, timer });
    });
  }

  /** Settles the request answered by `pdu`; false when no request waits for that sequence (late or stray). */
  answer(pdu: DecodedPdu): boolean {
    return this.#finish(pdu.header.sequence, { kind: 'response', pdu });
  }

  /** Drops a request that was never written. */
  forget(sequence: number): void {
    this.#finish(sequence, { kind: 'closed' });
  }

  /** Ends every request, e.g. when the link drops ('closed') or a drain deadline passes ('timeout'). */
  settleAll(kind: 'closed' | 'timeout'): void {
    for (const sequence of [...this.#entries.keys()]) this.#finish(sequence, { kind });
  }

  /** Resolves when nothing is pending or after `timeoutMs`, whichever comes first. */
  whenEmpty(timeoutMs: number): Promise<void> {
    if (this.#entries.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.#emptyWaiters = self.#emptyWaiters.filter((w) => w !== done);
        resolve();
      }
      this.#emptyWaiters.push(done);
    });
  }

  #finish(sequence: number, s: RequestSettlement): boolean {
    const entry = this.#entries.get(sequence);
    if (entry === undefined) return false;
    this.#entries.delete(sequence);
    clearTimeout(entry.timer);
    entry.settle(s);
    if (this.#entries.size === 0) for (const w of [...this.#emptyWaiters]) w();
    return true;
  }
}
